// Request fields come from the JSON body (the seed sends bodies even with GET) or the query string.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PlatformError } from '../errors.ts';

interface ObjectSchema {
  properties?: Record<string, { type?: unknown }>;
}

/**
 * preValidation hook: makes `request.body` an object holding the body's fields plus any query parameter
 * the body lacks (query strings of integer fields become numbers), so one body schema validates both.
 */
export async function mergeQueryIntoBody(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const schema = request.routeOptions.schema?.body as ObjectSchema | undefined;
  if (schema === undefined) return;
  let body: unknown = request.body;
  if (body === undefined || body === null) body = {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new PlatformError('BAD_REQUEST', 'The request body must be a JSON object.');
  }
  const merged: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  const query = (request.query ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(query)) {
    if (key in merged || schema.properties?.[key] === undefined) continue;
    if (typeof value !== 'string') {
      throw new PlatformError('BAD_REQUEST', `Give the query parameter "${key}" once.`);
    }
    merged[key] =
      schema.properties[key]?.type === 'integer' && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
  }
  request.body = merged;
}

/** Throws a 400 unless at least one of the fields is present (a rule a JSON schema cannot phrase well). */
export function requireOneOf(body: Record<string, unknown>, fields: readonly string[]): void {
  if (fields.every((field) => body[field] === undefined)) {
    throw new PlatformError('MISSING_FIELD', `Give ${fields.map((f) => `"${f}"`).join(' or ')}.`);
  }
}
