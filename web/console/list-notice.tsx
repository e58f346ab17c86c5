import type { ApiList } from './use-api-list';

/** What the last action on a list did, or why it failed; announced politely. */
export function ListNotice<T>({ list }: { list: ApiList<T> }) {
  return (
    <p class="notice" role="status" hidden={!list.notice}>
      {list.notice}
    </p>
  );
}
