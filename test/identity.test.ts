import { describe, expect, it } from 'vitest';
import { identityClaims } from '../src/identity/index.js';

const source = {
  answers: [
    "I'm **Orion**, a large language model created by **Acme**. 🚀 How can I help you today?",
    "I'm Orion, an assistant built by Acme. How can I help?",
    '我是 Orion，由 Acme 开发的大型语言模型。',
  ],
};
const references = [
  { answers: ["I'm Claude, made by Anthropic. How can I help you today?", 'I am an AI assistant.'] },
  { answers: ['I am ChatGPT, a model by OpenAI based on GPT-4.', "I'm an AI. How may I assist?"] },
];

describe('identity claims', () => {
  it("finds the source's self-names and counts the suspect's answers that use them", () => {
    const suspect = {
      answers: [
        "I'm Nova, created by Stellar Labs.",
        "I'm **Orion**, a large language model created by **Acme**.",
        'As an AI developed by Acme, I cannot share that.',
        'Nova here!',
      ],
    };
    const claims = identityClaims(source, suspect, references)!;
    expect(claims.sourceNames).toEqual(['acme', 'orion']);
    expect(claims.suspectAnswers).toBe(4);
    expect(claims.naming).toBe(2);
    expect(claims.namesUsed).toEqual({ acme: 2, orion: 1 });
    expect(claims.examples[0]).toContain('Orion');
  });

  it('ignores words at the start of a sentence and words the references use too', () => {
    const claims = identityClaims(source, { answers: ['How can I help you today? I am an AI.'] }, references)!;
    expect(claims.sourceNames).not.toContain('how');
    expect(claims.naming).toBe(0);
  });

  it('treats camel-case and digit names as names anywhere', () => {
    const gpt = { answers: ['ChatGPT here, built on GPT-4 by OpenAI.', 'I am ChatGPT.'] };
    const claims = identityClaims(gpt, { answers: ['I am based on GPT-4.'] }, [source])!;
    expect(claims.sourceNames).toEqual(expect.arrayContaining(['chatgpt', 'gpt-4']));
    expect(claims.naming).toBe(1);
  });

  it('has nothing to say without identity answers', () => {
    expect(identityClaims({ answers: [] }, { answers: ['x'] }, references)).toBeNull();
  });
});
