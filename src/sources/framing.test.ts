import { describe, expect, it } from 'vitest';
import { JsonValueSplitter, detectFraming, frameStream, frameText } from './framing.js';

/** The shape of elastic/beats golden files (`*.golden.json`): a pretty-printed array of ECS events. */
const GOLDEN = `[
  {
    "@timestamp": "2019-05-29T13:21:24.0Z",
    "event": {
      "code": "4625",
      "outcome": "failure"
    },
    "message": "An account failed to log on.\\n\\nSubject: {x}, [y]"
  },
  {
    "@timestamp": "2019-05-29T13:21:25.0Z",
    "event": { "code": "4624" }
  }
]
`;

async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('detectFraming', () => {
  it('tells JSON documents from lines', () => {
    expect(detectFraming(GOLDEN)).toBe('json');
    expect(detectFraming('\uFEFF  [ ]')).toBe('json');
    expect(detectFraming('{\n  "a": 1\n}')).toBe('json');
    expect(detectFraming('{"a":1}\n{"a":2}')).toBe('lines');
    expect(detectFraming('[Mon Dec 05 19:14:11 2026] [error] client denied')).toBe('lines');
    expect(detectFraming('[  12.345] IN=eth0 OUT=')).toBe('lines');
    expect(detectFraming('Jan  5 10:00:00 host sshd[1]: x')).toBe('lines');
  });
});

describe('JsonValueSplitter', () => {
  it('yields each element of a pretty-printed array as one line, strings with brackets intact', () => {
    const frames = frameText(GOLDEN);
    expect(frames).toHaveLength(2);
    expect(frames[0]!.line).toBe(2);
    expect(frames[1]!.line).toBe(10);
    const first = JSON.parse(frames[0]!.data) as { message: string; event: { code: string } };
    expect(frames[0]!.data).not.toContain('\n');
    expect(first.event.code).toBe('4625');
    expect(first.message).toBe('An account failed to log on.\n\nSubject: {x}, [y]');
  });

  it('gives the same records whatever the chunk size (streaming)', async () => {
    const whole = frameText(GOLDEN).map((f) => f.data);
    for (const size of [1, 3, 7, 64, 4096]) {
      const got: string[] = [];
      for await (const b of frameStream(chunksOf(GOLDEN, size), 1, 'json')) got.push(...b.frames.map((f) => f.data));
      expect(got).toEqual(whole);
    }
  });

  it('unwraps Graph {"value": [...]} and Azure {"records": [...]} wrappers', () => {
    const graph = '{\n "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",\n "value": [\n  {"id": "1"},\n  {"id": "2"}\n ]\n}';
    expect(frameText(graph).map((f) => JSON.parse(f.data) as { id: string }).map((o) => o.id)).toEqual(['1', '2']);
    expect(frameText('{\n"records": [ {"a": 1} ]\n}').map((f) => f.data)).toEqual(['{"a": 1}']);
  });

  it('keeps a single pretty-printed object, and concatenated objects, whole', () => {
    expect(frameText('{\n  "a": {\n    "b": [1, 2]\n  }\n}').map((f) => f.data)).toEqual(['{"a": {"b": [1, 2]}}']);
    expect(frameText('{\n "a": 1\n}\n{\n "a": 2\n}\n')).toHaveLength(2);
  });

  it('returns a truncated last element and stray text as records, so they are dead-lettered, not lost', () => {
    const s = new JsonValueSplitter();
    const frames = [...s.push('[\n {"a": 1},\n {"a": '), ...s.end()];
    expect(frames.map((f) => f.data)).toEqual(['{"a": 1}', '{"a":']);
    expect(frameText('{\n "a": 1\n}\nnot json here\n').map((f) => f.data)).toEqual(['{"a": 1}', 'not json here']);
  });

  it('frames lines when the head is not a JSON document', async () => {
    const got: string[] = [];
    for await (const b of frameStream(chunksOf('one\r\n\ntwo\nthree', 2), 2)) {
      expect(b.kind).toBe('lines');
      got.push(...b.frames.map((f) => `${f.line}:${f.data}`));
    }
    expect(got).toEqual(['1:one', '3:two', '4:three']);
  });
});
