import { ConcurrencyConflict } from '../../bot/domain/ports';
import type { PlanUploadRecord } from '../../bot/domain/planUploads';
import { freshStore } from '../support/storage';

const upload = (id: string, createdAt = '2026-11-23T09:00:00.000Z'): PlanUploadRecord => ({
  id,
  name: 'cpc-plan.csv',
  byEmail: 'sam.patel@example.org',
  createdAt,
  basis: 'abc',
  state: 'previewed',
});

describe('plan files sent in the chat, kept between preview and Apply (Settings table, Azurite)', () => {
  test('a payload larger than one string property comes back whole; one state change wins under the ETag', async () => {
    const store = await freshStore();
    const payload = JSON.stringify({
      rows: Array.from({ length: 2000 }, (_, i) => ({ line: i, text: 'é'.repeat(40) })),
    });
    expect(payload.length).toBeGreaterThan(60_000);
    expect(await store.uploads.create(upload('t-1'), payload)).toBe(true);
    expect(await store.uploads.create(upload('t-1'), '{}')).toBe(false);
    expect(await store.uploads.payload('t-1')).toBe(payload);

    const found = await store.uploads.get('t-1');
    expect(found?.value).toEqual(upload('t-1'));
    const etag = found?.etag ?? '';
    await store.uploads.replace({ ...upload('t-1'), state: 'applying' }, etag);
    await expect(store.uploads.replace({ ...upload('t-1'), state: 'cancelled' }, etag)).rejects.toBeInstanceOf(
      ConcurrencyConflict,
    );
    expect((await store.uploads.get('t-1'))?.value.state).toBe('applying');
    // The state change kept the payload; dropping it leaves the record.
    expect(await store.uploads.payload('t-1')).toBe(payload);
    await store.uploads.dropPayload('t-1');
    expect(await store.uploads.payload('t-1')).toBeUndefined();
    expect((await store.uploads.get('t-1'))?.value.state).toBe('applying');
  });

  test('sweep deletes uploads previewed before the instant, payload and all, and keeps later ones', async () => {
    const store = await freshStore();
    await store.uploads.create(upload('t-old', '2026-11-01T09:00:00.000Z'), '{"rows":[]}');
    await store.uploads.create(upload('t-new', '2026-11-20T09:00:00.000Z'), '{"rows":[]}');
    expect(await store.uploads.sweep('2026-11-16T00:00:00.000Z')).toBe(1);
    expect(await store.uploads.get('t-old')).toBeUndefined();
    expect(await store.uploads.payload('t-new')).toBe('{"rows":[]}');
  });
});
