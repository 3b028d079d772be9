import { describe, expect, it } from 'vitest';
import { commentText, fileStem, identifiers, pythonTuple, stringLiteral } from './literals';

describe('text that goes into generated source', () => {
  it('layer ids become unique Python identifiers that shadow nothing', () => {
    expect(identifiers(['dense_1', 'dense 1', 'dense-1', '2nd', 'class', 'forward', '__init__', '', 'çonv', '層'])).toEqual([
      'dense_1',
      'dense_1_2',
      'dense_1_3',
      'layer_2nd',
      'class_layer',
      'forward_layer',
      'layer__init__',
      'layer',
      'conv',
      'layer_2',
    ]);
  });

  it('a string literal reads back as the same string in JavaScript', () => {
    const name = 'a"b\n\\ \'c\' """ ${x} \u2028\u2029 é \t';
    const literal = stringLiteral(name);
    expect(literal).not.toMatch(/[\n\u2028\u2029]/);
    expect(new Function(`return ${literal};`)()).toBe(name);
  });

  it('a comment stays on one line', () => {
    expect(commentText('a\nb\rc\u2028d\u0085e')).toBe('a b c d e');
  });

  it('file names come from the network name, with a fallback for names without letters or digits', () => {
    expect(fileStem('Lecture: 3-4-1')).toBe('lecture-3-4-1');
    expect(fileStem('Next lecture: CNN digits')).toBe('next-lecture-cnn-digits');
    expect(fileStem('Café ☕')).toBe('cafe');
    expect(fileStem('../../etc/passwd')).toBe('etc-passwd');
    expect(fileStem('☕')).toBe('network');
  });

  it('tuples are written as Python reads them', () => {
    expect(pythonTuple([3])).toBe('(3,)');
    expect(pythonTuple([28, 28, 1])).toBe('(28, 28, 1)');
  });
});
