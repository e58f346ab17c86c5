/** The one error shape every route answers with (see `toErrorResponse`). */
export class ErrorResponseDto {
  /** The HTTP status, repeated. */
  statusCode: number;
  /** A stable code to branch on, e.g. `CUSTOMER_NOT_FOUND`, `MISSING_SCOPE`, `INVALID_BODY`. */
  code: string;
  /** For people: what went wrong and what to do. */
  message: string;
  /** Machine-readable context when the code has some, e.g. the fields in error or the owner of an identity. */
  details?: unknown;
}
