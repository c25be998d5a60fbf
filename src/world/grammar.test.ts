import { describe, expect, it } from 'vitest';
import { FAMILIES, FAMILY_IDS } from './families';
import {
  codeProgramTokens,
  codeResponseTokens,
  cotResponseTokens,
  GENERATION_TOKENS,
  programOf,
  promptTokens,
  renderSandboxOutput,
  responseLossMask,
  sandboxOutputTokens,
} from './grammar';
import { formatRational } from './rational';
import { parseResponse, scoreResponse } from './response';
import { createRng } from './rng';
import { encodeText, renderTokens, TOKEN } from './tokenizer';

const ok = (stdout: string) => ({ status: 'ok' as const, stdout, truncated: false });

describe('response grammar', () => {
  it('writes both response shapes', () => {
    expect(renderTokens([...promptTokens('47+38'), ...cotResponseTokens('7+8=15;4+3+1=8', '85')])).toBe('47+38<cot>7+8=15;4+3+1=8<ans>85<eos>');
    expect(renderTokens(codeResponseTokens('print(47+38)', '85', '85'))).toBe('<code>print(47+38)<run><out>85</out><ans>85<eos>');
    expect(GENERATION_TOKENS).toEqual({ methods: { cot: TOKEN.cot, code: TOKEN.code }, pause: TOKEN.run, stop: TOKEN.eos });
  });

  it('round-trips every family through writing, parsing and scoring', () => {
    for (const id of FAMILY_IDS) {
      const rng = createRng(3, id);
      for (let i = 0; i < 200; i++) {
        const problem = FAMILIES[id].sample(rng, rng.int(1, 3));
        const gold = formatRational(problem.gold);
        const cot = parseResponse(cotResponseTokens(problem.cot.reasoning, problem.cot.answer));
        expect(cot).toEqual({ method: 'cot', reasoning: problem.cot.reasoning, answerText: problem.cot.answer });
        const code = codeResponseTokens(problem.code.program, renderSandboxOutput(ok(`${gold}\n`)), gold);
        expect(parseResponse(code)).toEqual({ method: 'code', program: problem.code.program, output: gold, answerText: gold });
        expect(programOf(codeProgramTokens(problem.code.program))).toBe(problem.code.program);
        expect(scoreResponse(code, problem.gold).reason).toBe('correct');
      }
    }
  });

  it('masks the sandbox output span and nothing else', () => {
    const response = codeResponseTokens('print(2)', '2', '2');
    const mask = responseLossMask(response);
    const open = response.indexOf(TOKEN.outOpen);
    const close = response.indexOf(TOKEN.outClose);
    expect(mask.slice(0, open).every((weight) => weight === 1)).toBe(true);
    expect(mask.slice(open, close + 1).every((weight) => weight === 0)).toBe(true);
    expect(mask.slice(close + 1).every((weight) => weight === 1)).toBe(true);
    expect(responseLossMask(cotResponseTokens('1+1=2', '2')).every((weight) => weight === 1)).toBe(true);
  });

  it('finds the program of a paused response, and nothing in a malformed one', () => {
    expect(programOf([TOKEN.code, ...encodeText('print(1)'), TOKEN.run])).toBe('print(1)');
    expect(programOf([TOKEN.cot, ...encodeText('print(1)'), TOKEN.run])).toBeNull();
    expect(programOf([TOKEN.code, ...encodeText('print(1)')])).toBeNull();
    expect(programOf([TOKEN.code, TOKEN.ans, TOKEN.run])).toBeNull();
  });
});

describe('sandbox output as context', () => {
  it('drops print newlines, shows errors by type, and cuts long or cut output with "..."', () => {
    expect(renderSandboxOutput(ok('85\n'))).toBe('85');
    expect(renderSandboxOutput(ok('1\n2\n'))).toBe('1\n2');
    expect(renderSandboxOutput(ok(''))).toBe('');
    expect(renderSandboxOutput({ status: 'error', stdout: '', truncated: false, error: { type: 'ZeroDivisionError', message: 'division by zero' } })).toBe('!ZeroDivi...');
    expect(renderSandboxOutput({ status: 'error', stdout: '', truncated: false, error: { type: 'NameError', message: 'x' } })).toBe('!NameError');
    expect(renderSandboxOutput({ status: 'error', stdout: '', truncated: false })).toBe('!Error');
    expect(renderSandboxOutput({ status: 'timeout', stdout: '1', truncated: false })).toBe('!Timeout');
    expect(renderSandboxOutput({ status: 'killed', stdout: '', truncated: false })).toBe('!Killed');
    expect(renderSandboxOutput(ok('1234567890123456\n'), 12)).toBe('123456789...');
    expect(renderSandboxOutput({ status: 'output-limit', stdout: '7777', truncated: true }, 12)).toBe('7777...');
    expect(renderSandboxOutput(ok('é\t1'))).toBe('??1');
    for (let maxChars = 4; maxChars <= 32; maxChars++) expect(renderSandboxOutput(ok('x'.repeat(100)), maxChars)).toHaveLength(maxChars);
    expect(() => renderSandboxOutput(ok('1'), 3)).toThrow(RangeError);
    expect(renderTokens(sandboxOutputTokens({ status: 'error', stdout: '5\n', truncated: false, error: { type: 'NameError', message: "name 'x' is not defined" } }))).toBe(
      '<out>!NameError</out>',
    );
    expect(renderTokens(sandboxOutputTokens(ok('\u00e9\n'), 4))).toBe('<out>?</out>');
  });
});

describe('scoring', () => {
  const gold = { numerator: 85, denominator: 1 };
  const cot = (reasoning: string, answer: string) => cotResponseTokens(reasoning, answer);
  const chars = encodeText;

  it('accepts the gold answer after normalisation and rejects other values', () => {
    expect(scoreResponse(cot('', '085'), gold)).toMatchObject({ correct: true, reason: 'correct', method: 'cot', answerText: '085' });
    expect(scoreResponse(cot('', ' 170/2'), gold).correct).toBe(true);
    expect(scoreResponse(cot('', '84'), gold)).toMatchObject({ correct: false, reason: 'wrong-answer', answerText: '84' });
    expect(scoreResponse(cot('', '8.5'), gold)).toMatchObject({ correct: false, reason: 'unparsable-answer' });
    expect(scoreResponse(cot('', ''), gold)).toMatchObject({ correct: false, reason: 'unparsable-answer' });
    expect(scoreResponse(cot('', '2/3'), { numerator: 2, denominator: 3 }).correct).toBe(true);
  });

  it('ignores what follows <eos>', () => {
    expect(scoreResponse([...cot('', '85'), 9999, TOKEN.ans], gold).reason).toBe('correct');
  });

  it('scores every malformed response as wrong with its reason, never throwing', () => {
    const cases: [number[], string][] = [
      [[], 'no-method'],
      [[...chars('85'), TOKEN.eos], 'no-method'],
      [[TOKEN.cot, 500, TOKEN.eos], 'unknown-token'],
      [[TOKEN.cot, -1, TOKEN.eos], 'unknown-token'],
      [[TOKEN.cot, 2.5, TOKEN.eos], 'unknown-token'],
      [[TOKEN.cot, ...chars('7+8=15'), TOKEN.eos], 'no-answer'],
      [[TOKEN.cot, ...chars('7+8=15'), TOKEN.ans, ...chars('85')], 'unterminated'],
      [[TOKEN.cot, TOKEN.run, TOKEN.eos], 'misplaced-token'],
      [[TOKEN.cot, TOKEN.ans, ...chars('8'), TOKEN.code, TOKEN.eos], 'misplaced-token'],
      [[TOKEN.code, ...chars('print(85)'), TOKEN.eos], 'unclosed-code'],
      [[TOKEN.code, ...chars('print(85)'), TOKEN.ans, ...chars('85'), TOKEN.eos], 'unclosed-code'],
      [[TOKEN.code, ...chars('print(85)'), TOKEN.run, TOKEN.ans, ...chars('85'), TOKEN.eos], 'no-output'],
      [[TOKEN.code, ...chars('print(85)'), TOKEN.run, TOKEN.outOpen, ...chars('85'), TOKEN.ans, TOKEN.eos], 'no-output'],
      [[TOKEN.code, ...chars('p'), TOKEN.run, TOKEN.outOpen, TOKEN.outClose, TOKEN.eos], 'no-answer'],
      [[TOKEN.code, ...chars('p'), TOKEN.run, TOKEN.outOpen, TOKEN.outClose, TOKEN.cot, TOKEN.eos], 'misplaced-token'],
      [[TOKEN.pad, TOKEN.eos], 'no-method'],
    ];
    for (const [response, reason] of cases) {
      const score = scoreResponse(response, gold);
      expect({ response: renderTokens(response), reason: score.reason, correct: score.correct }).toEqual({ response: renderTokens(response), reason, correct: false });
    }
  });

  it('tells a response cut by the context from one stopped early', () => {
    const long = [TOKEN.cot, ...chars('1'.repeat(40))];
    expect(scoreResponse(long, gold, 41).reason).toBe('too-long');
    expect(scoreResponse(long, gold, 60).reason).toBe('unterminated');
    expect(scoreResponse(cot('1'.repeat(40), '85'), gold, 30).reason).toBe('too-long');
    expect(scoreResponse(cot('', '85'), gold, 5).reason).toBe('correct');
    expect(scoreResponse(cot('', '85'), gold, 4).reason).toBe('too-long');
  });
});
