import { MigrationInterface, QueryRunner } from 'typeorm';

/** A site's default language: the widget speaks it when the page states none. */
export class AddSiteDefaultLocale1796230681644 implements MigrationInterface {
  name = 'AddSiteDefaultLocale1796230681644';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE site ADD COLUMN default_locale text NOT NULL DEFAULT 'fr' CHECK (default_locale IN ('fr', 'en'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE site DROP COLUMN default_locale`);
  }
}
