import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, getJson, getText, postJson } from '../../api/client';
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

/** Fetches the corrected 837 with the bearer token and hands it to the browser as a file. */
export async function downloadCorrected837(id: number, name: string): Promise<void> {
  const text = await getText(`/denials/${id}/corrected-claim.837`);
  const url = URL.createObjectURL(new Blob([text], { type: 'application/edi-x12' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.837`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
