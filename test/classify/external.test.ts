import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTextClassifier } from '../../src/classify/classifier.js';
import { createEndpointAdvisor } from '../../src/classify/external.js';

/** A local stand-in for an OpenAI-compatible server: answers by the text it is sent. */
function stub(): Promise<{ server: Server; url: string; seen: string[] }> {
  const seen: string[] = [];
  const answers: Record<string, string> = {
    'gizmo form': JSON.stringify({
      verdict: 'retryable',
      category: 'missing_information',
      carc: 'CO-16',
      confidence: 0.9,
    }),
    wobble: JSON.stringify({ verdict: 'non_retryable', category: 'not_covered', confidence: 0.5 }),
    zorp: 'not json at all',
    quux: JSON.stringify({ verdict: 'retryable', category: 'made_up', confidence: 0.99 }),
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const request = JSON.parse(body) as { messages: { role: string; content: string }[] };
      const text = request.messages.at(-1)!.content;
      seen.push(text);
      if (text === 'boom') {
        res.writeHead(500).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ choices: [{ message: { role: 'assistant', content: answers[text] ?? '{}' } }] }),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, seen }),
    ),
  );
}

void describe('external endpoint adapter', () => {
  let s: Awaited<ReturnType<typeof stub>>;
  before(async () => (s = await stub()));
  after(() => s.server.close());

  void it('is off by default', async () => {
    const c = createTextClassifier({ model: null });
    assert.equal(await c.consultEndpoint(['gizmo form']), 0);
    assert.equal(c.classify('gizmo form').label, 'ambiguous');
  });

  void it('asks only about texts the local steps left open, once each, and keeps answers above the threshold', async () => {
    const endpoint = createEndpointAdvisor({ url: s.url, model: 'stub-1', timeoutMs: 2000 });
    const c = createTextClassifier({ model: null, endpoint });
    const texts = [
      'gizmo form',
      'GIZMO  form',
      'wobble',
      'zorp',
      'quux',
      'boom',
      'Missing modifier',
      'see remark',
      null,
    ];
    assert.equal(c.classify('gizmo form').label, 'ambiguous');
    assert.equal(await c.consultEndpoint(texts), 1);
    assert.deepEqual([...s.seen].sort(), ['boom', 'gizmo form', 'quux', 'wobble', 'zorp']);
    const r = c.classify('GIZMO  form');
    assert.deepEqual(
      [r.label, r.category, r.carc, r.confidence, r.source, r.version],
      ['heuristic_retryable', 'missing_information', 'CO-16', 0.9, 'model', 'external:stub-1'],
    );
    // Below the threshold, unreadable, unknown category or a server error: the local answer stands.
    assert.deepEqual(
      ['wobble', 'zorp', 'quux', 'boom'].map((t) => c.classify(t).label),
      ['ambiguous', 'ambiguous', 'ambiguous', 'ambiguous'],
    );
  });

  void it('gives no answer when the endpoint is unreachable', async () => {
    const endpoint = createEndpointAdvisor({ url: 'http://127.0.0.1:9', model: 'x', timeoutMs: 500 });
    assert.equal(await endpoint.predict('gizmo form'), null);
  });
});
