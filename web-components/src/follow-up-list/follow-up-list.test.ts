// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { events, fakeApi, mount, settle } from '../../../tests/support/widgets.ts';
import './define.ts';

const link = (personId: string, firstName: string) => ({
  personId,
  person: { firstName, lastName: 'Dubois', birthDate: '1994-03-12' },
  reason: 'RSA',
  status: 'active',
});

describe('<gps-follow-up-list>', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('lists my persons, twenty at a time, and loads more on demand', async () => {
    const { calls } = fakeApi({
      'GET /follow-ups': ({ path }) =>
        path.includes('cursor=page2') ? { body: { items: [link('3', 'Noé')] } } : { body: { items: [link('1', 'Léa'), link('2', 'Jade')], cursor: 'page2' } },
    });
    const list = await mount('gps-follow-up-list');
    expect(list.shadowRoot!.querySelectorAll('[part="item"]')).toHaveLength(2);

    (list.shadowRoot!.querySelector('[part="more"]') as HTMLButtonElement).click();
    await settle(list);

    expect(calls.map((c) => c.path)).toEqual(['/follow-ups?status=current&limit=20', '/follow-ups?status=current&limit=20&cursor=page2']);
    expect([...list.shadowRoot!.querySelectorAll('[part="item"]')].map((li) => li.textContent!.trim().split(' ')[0])).toEqual(['Léa', 'Jade', 'Noé']);
    expect(list.shadowRoot!.querySelector('[part="more"]')).toBeNull();
  });

  it('says what changed since I last opened a file, and with « changed » lists only those', async () => {
    const { calls } = fakeApi({ 'GET /follow-ups': () => ({ body: { items: [{ ...link('1', 'Léa'), news: ['action', 'member'] }, link('2', 'Jade')] } }) });
    const list = await mount('gps-follow-up-list', { changed: '' });
    const items = [...list.shadowRoot!.querySelectorAll('[part="item"]')];

    expect(calls.map((c) => c.path)).toEqual(['/follow-ups?status=current&limit=20&changed=true']);
    expect(items[0]!.querySelector('[part="news"]')!.textContent).toBe('Du nouveau : une action, un nouveau membre');
    expect(items[1]!.querySelector('[part="news"]')).toBeNull();
  });

  it('shows a pending request without the file, which opens the request, not the file', async () => {
    fakeApi({ 'GET /follow-ups': () => ({ body: { items: [{ personId: '01JC0000000000000000000LEA', status: 'pending', reason: 'IAE', startedAt: '2026-11-30T10:00:00.000Z' }] } }) });
    const list = await mount('gps-follow-up-list', { status: 'pending' });
    const item = list.shadowRoot!.querySelector('[part="item"]')!;
    expect(item.textContent!.replace(/\s+/g, ' ')).toContain('Demande en attente de réponse Envoyée le 30 novembre 2026 · IAE');
    const seen = events(document.body, 'gps-person-selected');
    item.querySelector('button')!.click();
    expect(seen.map((e) => e.detail)).toEqual([{ personId: '01JC0000000000000000000LEA', status: 'pending' }]);
  });

  it('shows a refused request with its date, nothing of the file, and nothing to open', async () => {
    fakeApi({ 'GET /follow-ups': () => ({ body: { items: [{ personId: '01JC0000000000000000000LEA', status: 'declined', reason: 'IAE', startedAt: '2026-11-28T10:00:00.000Z', endedAt: '2026-12-01T09:00:00.000Z', endReason: 'declined' }] } }) });
    const list = await mount('gps-follow-up-list', { status: 'declined' });
    const item = list.shadowRoot!.querySelector('[part="item"]')!;
    expect(item.textContent!.replace(/\s+/g, ' ').trim()).toBe('Demande refusée le 1er décembre 2026 · IAE');
    expect(item.querySelector('button')).toBeNull();
  });

  it('tells the page which person was chosen', async () => {
    fakeApi({ 'GET /follow-ups': () => ({ body: { items: [link('01JC0000000000000000000LEA', 'Léa')] } }) });
    const seen = events(document.body, 'gps-person-selected');
    const list = await mount('gps-follow-up-list');
    (list.shadowRoot!.querySelector('[part="item"] button') as HTMLButtonElement).click();

    expect(seen.map((e) => e.detail)).toEqual([{ personId: '01JC0000000000000000000LEA', status: 'active' }]);
  });

  it('follows its status attribute and says when the list is empty', async () => {
    const { calls } = fakeApi({ 'GET /follow-ups': () => ({ body: { items: [] } }) });
    const list = await mount('gps-follow-up-list', { status: 'ended' });

    expect(calls[0]!.path).toBe('/follow-ups?status=ended&limit=20');
    expect(list.shadowRoot!.querySelector('[part="state"]')!.textContent).toBe('Aucune personne dans cette liste pour l’instant.');
  });
});
