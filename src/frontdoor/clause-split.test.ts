import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoMessageHistory } from '../demo/messages.js';
import { looksLikeStatement, messageBody, splitClauses } from './clause-split.js';

const texts = (s: string): string[] => splitClauses(s).map((c) => c.text);

describe('splitClauses', () => {
  it('splits two problems joined by "and"', () => {
    expect(texts('my parcel never came and you charged me twice')).toEqual(['my parcel never came', 'you charged me twice']);
  });

  it.each([
    ['I would like to return the kettle, and I was charged twice for order #769595.', ['I would like to return the kettle', 'I was charged twice for order #769595']],
    ['I paid once but you took the money twice, plus the delivery date keeps changing.', ['I paid once but you took the money twice', 'the delivery date keeps changing']],
    ['I want to speak to a manager - also the password reset email never arrives.', ['I want to speak to a manager', 'the password reset email never arrives']],
    ['My parcel never came. On top of that can I get a refund for the floor lamp?', ['My parcel never came', 'can I get a refund for the floor lamp?']],
    ['How do I send back order #811584? Also, I have called 9 times and nobody helps.', ['How do I send back order #811584?', 'I have called 9 times and nobody helps']],
    ['is the kettle back in stock soon? i am disgusted with how this has been handled', ['is the kettle back in stock soon?', 'i am disgusted with how this has been handled']],
  ])('splits at joiners and sentence ends: %s', (text, expected) => {
    expect(texts(text)).toEqual(expected);
  });

  it.each([
    'I returned the frying pan weeks ago and have not been refunded',
    'I have called 3 times and nobody helps',
    'tracking says delivered but there is nothing at my door',
    'I ordered the wrong colour and need to exchange it',
    'only half of my order arrived, the kettle is missing',
  ])('keeps one problem whole where a side is not a full statement: %s', (text) => {
    expect(texts(text)).toEqual([text]);
  });

  it('strips greetings, closings and signatures', () => {
    expect(texts('Hi there,\nMy account is locked.\nThanks in advance.\nAnn')).toEqual(['My account is locked']);
    expect(texts('Dear Maison Tutti,\nThe quality of the stock pot is terrible.\nCan you sort this out?\nRegards,\nPriya Shah')).toEqual([
      'The quality of the stock pot is terrible',
    ]);
    expect(texts('Hello team, the tracking for order #781583 has not moved since Thursday. Thanks.')).toEqual([
      'the tracking for order #781583 has not moved since Thursday',
    ]);
    expect(texts('You charged me twice.\n--\nAnn Smith\nHead of Things, Acme')).toEqual(['You charged me twice']);
  });

  it('does not mistake a thank-you that says something for a closing, or a sentence for a greeting', () => {
    expect(texts('Hi, thank you, the delivery was super fast')).toEqual(['thank you, the delivery was super fast']);
    expect(texts('Thanks for the quick refund.')).toEqual(['Thanks for the quick refund']);
    expect(texts('hi i cannot log in, help')).toEqual(['i cannot log in, help']);
    expect(texts('Hello Ann, please cancel my order')).toEqual(['please cancel my order']);
  });

  it('never strips closings down to nothing; a greeting alone says nothing', () => {
    expect(texts('Thanks!')).toEqual(['Thanks']);
    expect(texts('')).toEqual([]);
    expect(texts('   \n\t ')).toEqual([]);
    expect(texts('...!!!')).toEqual([]);
    expect(texts('Hi,')).toEqual([]);
    expect(texts('Hello team,\n')).toEqual([]);
    const body = messageBody('Hi,');
    expect(body.end).toBe(body.start);
  });

  it('judges statements by length and a missing subject', () => {
    expect(looksLikeStatement('nobody helps', true)).toBe(false);
    expect(looksLikeStatement('have not been refunded', true)).toBe(false);
    expect(looksLikeStatement('can I return it', true)).toBe(true);
    expect(looksLikeStatement('returned it last week', true)).toBe(false);
  });

  it('gives offsets into the text, in order, never overlapping (any text)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120, unit: 'binary' }), fc.constantFrom('', 'Hi,\n', 'Dear Sir, '), (raw, greeting) => {
        const text = greeting + raw;
        let last = 0;
        for (const c of splitClauses(text)) {
          expect(text.slice(c.start, c.end)).toBe(c.text);
          expect(c.start).toBeGreaterThanOrEqual(last);
          expect(c.end).toBeGreaterThan(c.start);
          last = c.end;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds one clause per intent in most of the demo history', () => {
    const history = demoMessageHistory(42);
    const right = history.filter((m) => splitClauses(m.text).length === m.intents.length).length;
    expect(right / history.length).toBeGreaterThan(0.9);
  });
});
