/** What Claude returns, as zod schemas: they become the forced tool's input_schema and validate its input. */
import type { StructuredSpec } from '@loomkit/llm';
import { z } from 'zod';
import type { Citation, Finding, FindingSeverity } from '../types.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const satisfies readonly FindingSeverity[];

export const citationSchema = z.object({
  file: z.string().min(1).describe('Path exactly as in the part header, e.g. src/app.ts'),
  startLine: z.number().int().describe('First cited line, 1-based, as numbered in the part'),
  endLine: z.number().int().describe('Last cited line, inclusive'),
}) satisfies z.ZodType<Citation>;

export const findingSchema = z.object({
  title: z.string().min(1).describe('One line naming the problem or observation'),
  severity: z.enum(SEVERITIES),
  category: z.string().min(1).describe('Short kebab-case tag, e.g. sql-injection, n-plus-one-query, import-cycle'),
  detail: z.string().describe('What, why it matters, and what to do about it'),
  citations: z.array(citationSchema).min(1).describe('Where the evidence is; only lines you were shown'),
}) satisfies z.ZodType<Finding>;

export const reportSchema = z.object({
  summary: z.string().describe('A few sentences on what this covers and what matters in it'),
  findings: z.array(findingSchema).describe('Most severe first; empty when there is nothing worth reporting'),
});
export type Report = z.output<typeof reportSchema>;

export const answerSchema = z.object({
  answer: z.string().min(1).describe('The answer to the question, grounded in the files shown'),
  citations: z.array(citationSchema).describe('The lines the answer rests on'),
});
export type Answer = z.output<typeof answerSchema>;

export const REPORT_SPEC: StructuredSpec<Report> = {
  schema: reportSchema,
  name: 'report_findings',
  description: 'Report the summary and findings of the analysis.',
};

export const ANSWER_SPEC: StructuredSpec<Answer> = {
  schema: answerSchema,
  name: 'answer_question',
  description: 'Answer the question, citing the lines the answer rests on.',
};
