import { z } from 'zod';
import { chatMessageSchema } from '../prompt/index.js';

// The YAML battery file format. Every object is strict: an unknown key is an error, so a typo
// (`temprature: 0`) cannot silently fall back to a default and change what the battery measures.

const SLUG = /^[a-z0-9][a-z0-9._-]*$/;
const slug = z
  .string({ error: 'must be a string' })
  .regex(SLUG, "must use lowercase letters, digits, '.', '_' and '-' only, starting with a letter or digit");

/** BCP 47 language tag, loosely: primary subtag plus optional subtags (en, zh, pt-BR, zh-Hant, und, mul). */
const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const languageSchema = z
  .string({ error: 'must be a string' })
  .regex(LANGUAGE_TAG, 'must be a BCP 47 tag such as en, zh, pt-BR ("und" for none, "mul" for several)');

export const MAX_SAMPLES = 100;

export const samplingParamsSchema = z.strictObject({
  temperature: z.number().min(0, 'must be between 0 and 2').max(2, 'must be between 0 and 2').optional(),
  top_p: z.number().gt(0, 'must be greater than 0 and at most 1').max(1, 'must be greater than 0 and at most 1').optional(),
  max_tokens: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1_000_000).optional(),
  seed: z.number().int('must be a whole number').min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER).optional(),
  stop: z
    .array(z.string().min(1, 'a stop sequence must not be empty'))
    .min(1, 'must list at least one sequence')
    .max(4, 'takes at most 4 sequences (the limit of common chat APIs)')
    .optional(),
});

const samplesSchema = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, `must be between 1 and ${MAX_SAMPLES}`)
  .max(MAX_SAMPLES, `must be between 1 and ${MAX_SAMPLES}`);

const messageSchema = z.strictObject(
  {
    role: chatMessageSchema.shape.role,
    content: z.string({ error: 'must be a string' }).min(1, 'must not be empty'),
  },
  { error: 'a message must be a mapping with role and content' },
);

const probeSchema = z
  .strictObject(
    {
      id: slug,
      category: slug,
      /** Shorthand for messages: [{role: system, content: system}?, {role: user, content: prompt}]. */
      prompt: z.string({ error: 'must be a string' }).min(1, 'must not be empty').optional(),
      system: z.string({ error: 'must be a string' }).min(1, 'must not be empty').optional(),
      messages: z.array(messageSchema).min(1, 'must list at least one message').optional(),
      params: samplingParamsSchema.optional(),
      samples: samplesSchema.optional(),
      language: languageSchema.optional(),
    },
    { error: 'a probe must be a mapping with id, category and prompt or messages' },
  )
  .superRefine((probe, ctx) => {
    if (probe.messages !== undefined) {
      if (probe.prompt !== undefined || probe.system !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['messages'], message: 'give either messages or prompt (with optional system), not both' });
        return;
      }
      probe.messages.forEach((message, index) => {
        if (message.role === 'system' && index > 0) {
          ctx.addIssue({ code: 'custom', path: ['messages', index, 'role'], message: 'a system message may only come first' });
        }
      });
      const last = probe.messages[probe.messages.length - 1];
      if (last && last.role !== 'user') {
        ctx.addIssue({
          code: 'custom',
          path: ['messages', probe.messages.length - 1, 'role'],
          message: 'the last message must be from the user (the model answers it)',
        });
      }
    } else if (probe.prompt === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'a probe needs prompt (with optional system) or messages' });
    }
  });

export const batteryFileSchema = z.strictObject(
  {
    name: slug,
    version: z.string({ error: 'must be a string; quote it, e.g. version: "1"' }).min(1, 'must not be empty'),
    description: z.string({ error: 'must be a string' }).optional(),
    defaults: z
      .strictObject({
        params: samplingParamsSchema.optional(),
        samples: samplesSchema.optional(),
        language: languageSchema.optional(),
      })
      .optional(),
    probes: z.array(probeSchema, { error: 'must be a list of probes' }).min(1, 'a battery needs at least one probe'),
  },
  { error: 'a battery file must be a mapping with name, version and probes' },
);

export type BatteryFile = z.infer<typeof batteryFileSchema>;
export type ProbeEntry = BatteryFile['probes'][number];
