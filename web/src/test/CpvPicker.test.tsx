import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CpvMatch } from '../api';
import { CpvPicker } from '../components/CpvPicker';
import { setLanguage } from '../i18n';
import { json, mockFetch } from './helpers';

const results: CpvMatch[] = [
  {
    code: '34144511-3',
    label: 'Refuse-collection vehicles',
    level: 'subcategory',
    matched_language: 'de',
    matched_label: 'Müllfahrzeuge',
  },
  {
    code: '34144510-6',
    label: 'Vehicles for refuse',
    level: 'category',
    matched_language: 'de',
    matched_label: 'Fahrzeuge für Abfälle',
  },
  {
    code: '34144512-0',
    label: 'Refuse-compaction vehicles',
    level: 'subcategory',
    matched_language: 'de',
    matched_label: 'Müllpressfahrzeuge',
  },
];

function setup() {
  const calls = mockFetch(() => json(200, { query: 'Müllfahrzeuge', results }));
  const onPick = vi.fn();
  render(<CpvPicker label="Search CPV codes" hint="Type at least two characters." onPick={onPick} />);
  const input = screen.getByRole('combobox', { name: 'Search CPV codes' });
  return { calls, onPick, input };
}

async function typeAndWait(input: HTMLElement, text: string) {
  fireEvent.change(input, { target: { value: text } });
  await waitFor(() => expect(input.getAttribute('aria-expanded')).toBe('true'));
}

describe('CpvPicker', () => {
  beforeEach(() => setLanguage('en'));
  afterEach(() => cleanup());

  it('is a combobox that controls a listbox', () => {
    const { input } = setup();
    const listbox = document.getElementById(input.getAttribute('aria-controls')!)!;
    expect(listbox.getAttribute('role')).toBe('listbox');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(input.getAttribute('aria-autocomplete')).toBe('list');
    expect(input.hasAttribute('aria-activedescendant')).toBe(false);
    expect(document.getElementById(input.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Type at least two characters.',
    );
  });

  it('looks up once typing pauses, in the current language, at most 10 results', async () => {
    const { calls, input } = setup();
    fireEvent.change(input, { target: { value: 'Mü' } });
    fireEvent.change(input, { target: { value: 'Müll' } });
    fireEvent.change(input, { target: { value: 'Müllfahrzeuge' } });
    await waitFor(() => expect(input.getAttribute('aria-expanded')).toBe('true'));
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/cpv?q=M%C3%BCllfahrzeuge&lang=en&limit=10']);
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.querySelector('.combobox__code')!.textContent)).toEqual([
      '34144511-3',
      '34144510-6',
      '34144512-0',
    ]);
    expect(options[0].querySelector('.combobox__label')!.textContent).toBe(
      'Refuse-collection vehiclesmatched in German: Müllfahrzeuge',
    );
    expect(screen.getByRole('status').textContent).toBe(
      '3 matches available. Use the up and down arrow keys to review them.',
    );
  });

  it('moves the active option with the arrow keys, wrapping at both ends', async () => {
    const { input } = setup();
    await typeAndWait(input, 'Müllfahrzeuge');
    const ids = screen.getAllByRole('option').map((o) => o.id);
    const active = () => input.getAttribute('aria-activedescendant');
    const selected = () =>
      screen
        .getAllByRole('option')
        .filter((o) => o.getAttribute('aria-selected') === 'true')
        .map((o) => o.id);

    expect(active()).toBeNull();
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(active()).toBe(ids[0]);
    expect(selected()).toEqual([ids[0]]);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(active()).toBe(ids[2]);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(active()).toBe(ids[0]);
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(active()).toBe(ids[2]);
    expect(selected()).toEqual([ids[2]]);
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(active()).toBe(ids[1]);
  });

  it('picks the active option with Enter, then clears and closes', async () => {
    const { input, onPick } = setup();
    await typeAndWait(input, 'Müllfahrzeuge');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    const enter = fireEvent.keyDown(input, { key: 'Enter' });
    expect(enter).toBe(false); // default prevented: an enclosing form is not submitted
    expect(onPick).toHaveBeenCalledTimes(1);
    expect(onPick).toHaveBeenCalledWith(results[0]);
    expect((input as HTMLInputElement).value).toBe('');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(input.hasAttribute('aria-activedescendant')).toBe(false);
    expect(screen.getByRole('status').textContent).toBe('34144511-3 Refuse-collection vehicles added.');
  });

  it('closes with Escape and keeps the text; a second Escape clears it', async () => {
    const { input, onPick } = setup();
    await typeAndWait(input, 'Müllfahrzeuge');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(input.hasAttribute('aria-activedescendant')).toBe(false);
    expect((input as HTMLInputElement).value).toBe('Müllfahrzeuge');
    const listbox = document.getElementById(input.getAttribute('aria-controls')!)!;
    expect(listbox.hidden).toBe(true);
    // ArrowDown reopens the same matches without a new lookup
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(input.getAttribute('aria-expanded')).toBe('true');
    expect(input.getAttribute('aria-activedescendant')).toBe(screen.getAllByRole('option')[0].id);
    fireEvent.keyDown(input, { key: 'Escape' });
    fireEvent.keyDown(input, { key: 'Escape' });
    expect((input as HTMLInputElement).value).toBe('');
    expect(onPick).not.toHaveBeenCalled();
  });

  it('does not pick on Enter when no option is active', async () => {
    const { input, onPick } = setup();
    await typeAndWait(input, 'Müllfahrzeuge');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onPick).not.toHaveBeenCalled();
    expect(input.getAttribute('aria-expanded')).toBe('true');
  });

  it('says so when nothing matches', async () => {
    mockFetch(() => json(200, { query: 'zzzz', results: [] }));
    render(<CpvPicker label="Search CPV codes" onPick={() => {}} />);
    const input = screen.getByRole('combobox');
    await act(async () => {
      fireEvent.change(input, { target: { value: 'zzzz' } });
    });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('No CPV codes match “zzzz”.'));
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryAllByRole('option')).toEqual([]);
  });
});
