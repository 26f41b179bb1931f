/**
 * The API's request and response shapes, taken as types from its zod schemas
 * (`src/api/schemas`) so the UI never keeps a hand-written copy; `export type` keeps zod out of
 * the bundle.
 */
export type * from '@reclaim/api-schemas';
