// The typed message channel (src/protocol/channel.ts): guards, exhaustive switches, request ids
// (resolve, reject, timeout, abort) and the standard error reply.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertNever,
  errorReply,
  isErrorReply,
  isMessage,
  isMessageOf,
  RequestAbortedError,
  Requests,
  RequestTimeoutError,
} from '../../../src/protocol/channel';

type Ping = { readonly type: 'ping'; readonly n: number } | { readonly type: 'pong' };

describe('message guards', () => {
  it('isMessage accepts objects with a string type and rejects junk', () => {
    assert.equal(isMessage({ type: 'ready' }), true);
    assert.equal(isMessage({ type: 'x', more: 1 }), true);
    for (const junk of [null, undefined, 0, 'ready', [], [{ type: 'a' }], {}, { type: 1 }, { type: null }, { kind: 'ready' }, () => undefined]) {
      assert.equal(isMessage(junk), false, JSON.stringify(junk) ?? String(junk));
    }
  });

  it('isMessageOf accepts only the protocol’s types', () => {
    const isPing = isMessageOf<Ping>(['ping', 'pong']);
    assert.equal(isPing({ type: 'ping', n: 1 }), true);
    assert.equal(isPing({ type: 'pong' }), true);
    assert.equal(isPing({ type: 'pang' }), false);
    assert.equal(isPing({ type: 'toString' }), false, 'no prototype names');
    assert.equal(isPing(null), false);
    assert.equal(isPing('ping'), false);
  });

  it('assertNever throws on an unknown message, or hands it to onUnknown', () => {
    const handle = (message: Ping, onUnknown?: (m: unknown) => void): string => {
      switch (message.type) {
        case 'ping':
          return `ping ${message.n}`;
        case 'pong':
          return 'pong';
        default:
          assertNever(message, onUnknown);
          return 'unknown';
      }
    };
    assert.equal(handle({ type: 'ping', n: 2 }), 'ping 2');
    const rogue = { type: 'rogue' } as unknown as Ping;
    assert.throws(() => handle(rogue), /unexpected message "rogue"/);
    const seen: unknown[] = [];
    assert.equal(handle(rogue, (m) => seen.push(m)), 'unknown');
    assert.deepEqual(seen, [rogue]);
  });
});

describe('error replies', () => {
  it('builds the standard shape from errors and values', () => {
    assert.deepEqual(errorReply(new Error('broken'), 7), { type: 'error', requestId: 7, message: 'broken' });
    assert.deepEqual(errorReply('plain text'), { type: 'error', message: 'plain text' });
    assert.equal('requestId' in errorReply('x'), false, 'no requestId key when none is answered');
  });

  it('recognises error replies and rejects junk', () => {
    assert.equal(isErrorReply({ type: 'error', message: 'm' }), true);
    assert.equal(isErrorReply({ type: 'error', requestId: 3, message: 'm', kind: 'input' }), true, 'protocols may add fields');
    assert.equal(isErrorReply({ type: 'error' }), false);
    assert.equal(isErrorReply({ type: 'error', message: 'm', requestId: 1.5 }), false);
    assert.equal(isErrorReply({ type: 'result', message: 'm' }), false);
    assert.equal(isErrorReply(undefined), false);
  });
});

describe('Requests', () => {
  it('hands out increasing ids and settles each request by its id', async () => {
    const requests = new Requests<string>();
    assert.equal(requests.latest, 0);
    const a = requests.create();
    const b = requests.create();
    assert.deepEqual([a.id, b.id], [1, 2]);
    assert.equal(requests.latest, 2);
    assert.equal(requests.size, 2);
    assert.equal(requests.resolve(b.id, 'second'), true);
    assert.equal(requests.reject(a.id, new Error('first failed')), true);
    assert.equal(await b.promise, 'second');
    await assert.rejects(a.promise, /first failed/);
    assert.equal(requests.size, 0);
  });

  it('ignores late, repeated and unknown answers', async () => {
    const requests = new Requests<number>();
    const r = requests.create();
    assert.equal(requests.resolve(r.id, 1), true);
    assert.equal(requests.resolve(r.id, 2), false, 'answered once');
    assert.equal(requests.reject(r.id, new Error('late')), false);
    assert.equal(requests.resolve(99, 3), false, 'unknown id');
    assert.equal(await r.promise, 1);
  });

  it('next() hands out ids without tracking them; track() adds one later', async () => {
    const requests = new Requests<string>();
    const id = requests.next();
    assert.equal(requests.has(id), false);
    const promise = requests.track(id);
    assert.equal(requests.has(id), true);
    requests.resolve(id, 'ok');
    assert.equal(await promise, 'ok');
  });

  it('times out with RequestTimeoutError, or the error onTimeout returns', async () => {
    const requests = new Requests<string>();
    const plain = requests.create({ timeoutMs: 10 });
    await assert.rejects(plain.promise, (e: Error) => e instanceof RequestTimeoutError && e.name === 'TimeoutError' && /within 10 ms/.test(e.message));
    const cleaned: number[] = [];
    const custom = requests.create({ timeoutMs: 10, onTimeout: (id) => {
      cleaned.push(id);
      return new Error('took too long');
    } });
    await assert.rejects(custom.promise, /took too long/);
    assert.deepEqual(cleaned, [custom.id]);
    assert.equal(requests.size, 0);
  });

  it('an answer before the timeout wins and clears the timer', async () => {
    const requests = new Requests<string>();
    let timedOut = false;
    const r = requests.create({ timeoutMs: 20, onTimeout: () => {
      timedOut = true;
    } });
    requests.resolve(r.id, 'in time');
    assert.equal(await r.promise, 'in time');
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(timedOut, false);
  });

  it('armTimeout starts the clock later (e.g. when a queued request is sent)', async () => {
    const requests = new Requests<string>();
    const r = requests.create();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(requests.has(r.id), true, 'no timeout until armed');
    requests.armTimeout(r.id, 5);
    await assert.rejects(r.promise, RequestTimeoutError);
  });

  it('aborts through an AbortSignal: cleanup first, then an AbortError', async () => {
    const requests = new Requests<string>();
    const controller = new AbortController();
    const aborted: number[] = [];
    const r = requests.create({ signal: controller.signal, onAbort: (id) => aborted.push(id) });
    controller.abort();
    await assert.rejects(r.promise, (e: Error) => e instanceof RequestAbortedError && e.name === 'AbortError');
    assert.deepEqual(aborted, [r.id]);
    assert.equal(requests.resolve(r.id, 'too late'), false);
  });

  it('an already aborted signal rejects at once, with the caller’s error and without onAbort', async () => {
    const requests = new Requests<string>();
    const controller = new AbortController();
    controller.abort();
    let called = false;
    class MyAbort extends Error {
      override name = 'AbortError';
    }
    const r = requests.create({ signal: controller.signal, abortError: () => new MyAbort('cancelled'), onAbort: () => {
      called = true;
    } });
    await assert.rejects(r.promise, MyAbort);
    assert.equal(called, false);
    assert.equal(requests.size, 0);
  });

  it('settling removes the abort listener (a later abort does nothing)', async () => {
    const requests = new Requests<string>();
    const controller = new AbortController();
    let aborts = 0;
    const r = requests.create({ signal: controller.signal, onAbort: () => aborts++ });
    requests.resolve(r.id, 'done');
    controller.abort();
    assert.equal(await r.promise, 'done');
    assert.equal(aborts, 0);
  });

  it('rejectAll fails every pending request', async () => {
    const requests = new Requests<string>();
    const all = [requests.create(), requests.create(), requests.create()];
    requests.rejectAll(() => new Error('peer died'));
    for (const r of all) await assert.rejects(r.promise, /peer died/);
    assert.equal(requests.size, 0);
  });
});
