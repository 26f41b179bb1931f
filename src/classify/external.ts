import { z } from 'zod';
import { CATEGORIES, isCategory } from '../codes/categories.js';
import type { Prediction } from './model.js';

/**
 * An optional second opinion from an OpenAI-compatible chat endpoint, for texts the local steps
 * leave ambiguous. Off unless a caller builds one; never needed for any result Reclaim ships.
 * Only the denial-reason text is sent: never a patient or claim identifier.
 */
export interface EndpointOptions {
  /** Base URL, e.g. 'http://127.0.0.1:8080/v1'; '/chat/completions' is appended. */
  readonly url: string;
  readonly model: string;
  readonly apiKey?: string;
  /** Per request; a slow endpoint must not stall a batch. Default 10 s. */
  readonly timeoutMs?: number;
}

export interface EndpointAdvisor {
  readonly version: string;
  /** One prediction per text, or null when the endpoint gave no usable answer. */
  predict(text: string): Promise<Prediction | null>;
}

const Answer = z.object({
  verdict: z.enum(['retryable', 'non_retryable', 'ambiguous']),
  category: z.string(),
  carc: z.string().nullable().optional(),
  confidence: z.number().min(0).max(1),
});

const Completion = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })).min(1),
});

const INSTRUCTIONS =
  'You classify one health-insurance claim denial reason. Reply with JSON only: ' +
  '{"verdict": "retryable" | "non_retryable" | "ambiguous", "category": one of ' +
  Object.keys(CATEGORIES).join(', ') +
  ', "carc": "CO-16" or null, "confidence": 0..1}. "retryable" means correcting claim data and ' +
  'resubmitting would get it paid, without clinical judgement. When unsure, answer "ambiguous".';

export function createEndpointAdvisor(options: EndpointOptions): EndpointAdvisor {
  const endpoint = `${options.url.replace(/\/+$/, '')}/chat/completions`;
  return {
    version: `external:${options.model}`,
    async predict(text: string): Promise<Prediction | null> {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          },
          body: JSON.stringify({
            model: options.model,
            temperature: 0,
            messages: [
              { role: 'system', content: INSTRUCTIONS },
              { role: 'user', content: text },
            ],
          }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch {
        return null; // unreachable or too slow: the local answer stands
      }
      if (!response.ok) return null;
      const completion = Completion.safeParse(await response.json().catch(() => null));
      if (!completion.success) return null;
      let parsed: unknown;
      try {
        parsed = JSON.parse(completion.data.choices[0]!.message.content);
      } catch {
        return null;
      }
      const answer = Answer.safeParse(parsed);
      if (!answer.success || answer.data.verdict === 'ambiguous' || !isCategory(answer.data.category))
        return null;
      return {
        category: answer.data.category,
        retryable: answer.data.verdict === 'retryable',
        carc: answer.data.carc ?? null,
        confidence: answer.data.confidence,
      };
    },
  };
}
