// Lets ts-jest apply the same @nestjs/swagger compiler plugin as `nest build`, so the test app documents DTOs identically.
const plugin = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
module.exports.version = 1;
module.exports.factory = (compiler) => plugin.before({ introspectComments: true, classValidatorShim: true, dtoFileNameSuffix: ['.dto.ts'] }, compiler.program);
