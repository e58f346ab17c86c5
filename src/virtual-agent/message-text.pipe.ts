import { HttpStatus, Injectable, PipeTransform } from '@nestjs/common';
import { badRequest, DomainError } from '../common/domain-error';

export const MAX_MESSAGE_CHARS = 5000;

// Control characters other than tab and line breaks, the replacement character left by invalid UTF-8,
// and unpaired surrogates: what binary junk looks like once decoded as text.
const JUNK = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Edge checks on a visitor message, after the DTO's type checks: not blank, at most 5,000 characters,
 * no binary junk. Each refusal has its own code; the text goes on trimmed.
 */
@Injectable()
export class MessageTextPipe implements PipeTransform<{ text: string }> {
  transform<T extends { text: string }>(body: T): T {
    const text = body.text.trim();
    if (!text) throw badRequest('EMPTY_MESSAGE', 'text must contain at least one visible character', [{ field: 'text', reasons: ['is empty'] }]);
    const length = [...text].length;
    if (length > MAX_MESSAGE_CHARS) {
      throw new DomainError(HttpStatus.PAYLOAD_TOO_LARGE, 'MESSAGE_TOO_LONG', `text has ${length} characters; the limit is ${MAX_MESSAGE_CHARS}`, {
        maxChars: MAX_MESSAGE_CHARS,
        chars: length,
      });
    }
    if (JUNK.test(text))
      throw badRequest('INVALID_TEXT', 'text contains control characters or invalid Unicode; send plain text', [{ field: 'text', reasons: ['contains binary data'] }]);
    return { ...body, text };
  }
}
