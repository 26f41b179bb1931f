import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, downloadAs, getJson, postJson } from '../../api/client';
import type {
  AutoCorrectionInfo,
  DenialDetail,
  DenialWork,
  ExecuteResult,
  PreviewResult,
} from '../../api/types';

export const denialKey = (id: number) => ['denial', id] as const;

export function useDenial(id: number) {
  return useQuery({
    queryKey: denialKey(id),
    queryFn: ({ signal }) => getJson<DenialDetail>(`/denials/${id}`, { signal }),
    retry: (n, e) => n < 2 && !(e instanceof ApiError && e.status < 500),
  });
}

export function useAutoCorrection(id: number) {
  return useQuery({
    queryKey: [...denialKey(id), 'auto-correction'],
    queryFn: ({ signal }) => getJson<AutoCorrectionInfo>(`/denials/${id}/auto-correction`, { signal }),
    retry: false,
  });
}

export function useWork(id: number) {
  return useQuery({
    queryKey: [...denialKey(id), 'work'],
    queryFn: ({ signal }) => getJson<DenialWork>(`/denials/${id}/work`, { signal }),
    retry: false,
  });
}

/** The dry run is a POST that writes nothing, so it is cached like a read while it is on screen. */
export function usePreview(id: number, enabled: boolean) {
  return useQuery({
    queryKey: [...denialKey(id), 'preview'],
    queryFn: ({ signal }) =>
      postJson<PreviewResult>(`/denials/${id}/auto-correction/preview`, {}, { signal }),
    enabled,
    retry: false,
    staleTime: 0,
  });
}

export function useExecute(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (forceRetry: boolean) =>
      postJson<ExecuteResult>(`/denials/${id}/auto-correction/execute`, { forceRetry }),
    // Whatever the outcome, the banner, history, status and worklist have changed.
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: denialKey(id) }),
        client.invalidateQueries({ queryKey: ['denials'] }),
      ]),
  });
}

export function useWorkMutation<B>(id: number, path: 'assignment' | 'notes') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: B) => postJson<unknown>(`/denials/${id}/${path}`, body),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: denialKey(id) }),
        client.invalidateQueries({ queryKey: ['denials'] }),
      ]),
  });
}

/** The corrected claim as an 837 file. */
export function downloadCorrected837(id: number, name: string): Promise<void> {
  return downloadAs(`/denials/${id}/corrected-claim.837`, `${name}.837`, 'application/edi-x12');
}
