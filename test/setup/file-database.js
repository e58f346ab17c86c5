// Creates one e2e file's own databases: a PostgreSQL database copied from the run's migrated template, and (given a
// Redis URL with a logical database) that Redis database emptied. Run synchronously by `env.ts`, which cannot await.
// Usage: node file-database.js <admin database URL> <template name> <new database name> [redis URL]
const { Client } = require('pg');
const Redis = require('ioredis');

async function main([adminUrl, template, name, redisUrl]) {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  await admin.end();
  if (redisUrl) {
    const redis = new Redis(redisUrl);
    await redis.flushdb();
    await redis.quit();
  }
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
