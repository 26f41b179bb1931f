import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson, query } from '../../api/client';
import type { DenialList } from '../../api/types';
import type { UrlFilter } from '../../lib/denial-filter';

export interface ListParams {
  readonly filter: UrlFilter;
  readonly sort: string;
  readonly limit: number;
  readonly offset: number;
}

/** One page of the worklist; the previous page stays on screen while the next one loads. */
export function useDenials(p: ListParams) {
  return useQuery({
    queryKey: ['denials', p],
    queryFn: ({ signal }) =>
      getJson<DenialList>(
        `/denials${query({ ...p.filter, sort: p.sort, limit: p.limit, offset: p.offset })}`,
        { signal },
      ),
    placeholderData: keepPreviousData,
  });
}
