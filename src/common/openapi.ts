import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { SECURITY_SCHEMES } from './auth/access-policy.decorator';
import { ErrorResponseDto } from './error-response.dto';

type Operation = OpenAPIObject['paths'][string]['get'] & object;

/** The API's OpenAPI document, as `/docs-json` serves it and `npm run lint:openapi` checks it. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Relais API')
    .setDescription(
      'Cross-channel customer hub. Three audiences: `/api/v1` for integrators (API key as Bearer token, scoped), ' +
        '`/console/v1` for advisors (token from `POST /console/v1/auth/login`, roles), `/widget/v1` for website visitors ' +
        '(`X-Site-Key` header, then the visit token). Errors are `{statusCode, code, message, details?}`; lists are `{items, nextCursor}`.',
    )
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'This Relais instance')
    // An API key is an opaque secret, not a JWT: only the two token kinds Relais signs carry `bearerFormat: JWT`.
    .addSecurity('api-key', { type: 'http', scheme: 'bearer', description: 'Integrator API key' })
    .addSecurity('advisor', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Advisor access token from `POST /console/v1/auth/login`' })
    .addSecurity('visit-token', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Visit token from `POST /widget/v1/visits`' })
    .addSecurity('site-key', { type: 'apiKey', in: 'header', name: 'X-Site-Key', description: 'The public key of the site embedding the widget' })
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponseDto] });
  for (const [path, operations] of Object.entries(document.paths)) {
    const audience = path.split('/')[1];
    for (const operation of Object.values(operations) as Operation[]) fitToAudience(operation, audience);
  }
  return document;
}

/**
 * A handler serving `/api` and `/console` carries both audiences' security; each path keeps its own, and a unique
 * operation id. Every error response gets the one error schema the exception filter guarantees.
 */
function fitToAudience(operation: Operation, audience: string): void {
  const schemes: readonly string[] = SECURITY_SCHEMES[audience as keyof typeof SECURITY_SCHEMES] ?? [];
  if (operation.security) operation.security = operation.security.filter((requirement) => Object.keys(requirement).every((name) => schemes.includes(name)));
  if (operation.operationId && /\[\d+\]$/.test(operation.operationId)) operation.operationId = `${operation.operationId.replace(/\[\d+\]$/, '')}_${audience}`;
  for (const [status, response] of Object.entries(operation.responses)) {
    if (Number(status) >= 400 && response && !('$ref' in response) && !response.content) {
      response.content = { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDto) } } };
    }
  }
}
