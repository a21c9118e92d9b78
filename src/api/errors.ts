/** Errors the local API answers with: `{error:{code,message,…}}` and a 4xx status, words in Chinese and English. */
import type { DomainError } from '../core/types';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** A domain refusal as the API reports it (the domain's own status, code and words). */
export function fromDomain(e: DomainError): HttpError {
  return new HttpError(e.status, e.code, e.message, e.existingTicket ? { existingTicket: e.existingTicket } : {});
}

export const INTERNAL = () => new HttpError(500, 'internal', '系统内部错误，请联系技术人员 / internal error, please contact the technician');
