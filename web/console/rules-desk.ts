import { failureNotice, fieldErrors, type FieldErrors } from './failure';
import { emptyDraft, toBody, toDraft, type Rule, type RuleDraft } from './rule-draft';
import type { ConsoleSession } from './session';
import { Store } from './store';
import type { Page } from './types';

export interface RulePreview {
  evaluated: number;
  matched: number;
  sample: { visitId: string; lastEventAt: string; currentUrl: string; cartValue: number; identified: boolean }[];
}

export interface RulesState {
  rules: Rule[] | null;
  draft: RuleDraft | null;
  errors: FieldErrors;
  preview: RulePreview | null;
  previewVisits: number;
  notice: string | null;
}

/** Supervisors: the targeting rules, one being edited (or created) with its errors and its preview on recent visits. */
export class RulesDesk extends Store<RulesState> {
  constructor(private readonly session: ConsoleSession) {
    super({ rules: null, draft: null, errors: {}, preview: null, previewVisits: 200, notice: null });
  }

  async load(): Promise<void> {
    await this.attempt(async () => this.set({ rules: (await this.session.api.get<Page<Rule>>('/targeting-rules?limit=100')).items }));
  }

  startNew(): void {
    this.set({ draft: emptyDraft(), errors: {}, preview: null, notice: null });
  }

  edit(rule: Rule): void {
    this.set({ draft: toDraft(rule), errors: {}, preview: null, notice: null });
  }

  change(draft: RuleDraft): void {
    this.set({ draft });
  }

  cancel(): void {
    this.set({ draft: null, errors: {}, preview: null });
  }

  async save(): Promise<boolean> {
    const draft = this.state.draft;
    if (!draft) return false;
    const body = toBody(draft);
    const saved = await this.attempt(() => (draft.id ? this.session.api.patch(`/targeting-rules/${draft.id}`, body) : this.session.api.post('/targeting-rules', body)));
    if (!saved) return false;
    await this.load();
    this.set({ draft: null, errors: {}, preview: null, notice: this.session.t.ruleSaved });
    return true;
  }

  async setEnabled(rule: Rule, enabled: boolean): Promise<void> {
    if (await this.attempt(() => this.session.api.patch(`/targeting-rules/${rule.id}`, { enabled }))) await this.load();
  }

  async preview(): Promise<void> {
    const draft = this.state.draft;
    if (!draft) return;
    await this.attempt(async () => this.set({ preview: await this.session.api.post<RulePreview>(`/targeting-rules/preview?visits=${this.state.previewVisits}`, toBody({ ...draft, id: undefined })) }));
  }

  /** Runs a call; a 400's field errors go to their fields, anything else to the notice. */
  private async attempt(run: () => Promise<unknown>): Promise<boolean> {
    try {
      await run();
      this.set({ errors: {}, notice: null });
      return true;
    } catch (error) {
      const errors = fieldErrors(error);
      const hasFields = Object.keys(errors).length > 0;
      this.set({ errors, notice: hasFields ? this.session.t.fixErrors : failureNotice(this.session.t, error) });
      return false;
    }
  }
}
