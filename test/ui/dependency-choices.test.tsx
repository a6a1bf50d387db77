/**
 * Why authdeck does not use ink-select-input and ink-text-input (README, Dependencies): run against
 * the real packages, each test passes as long as the package has the flaw it names.
 */
import { Box, Text, useInput } from 'ink';
import SelectInput from 'ink-select-input';
import { cleanup } from 'ink-testing-library';
import TextInput from 'ink-text-input';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { type RenderedApp, renderApp } from '../support/app.js';
import { createFakeService, makeView } from '../support/fake-service.js';
import { frame, KEYS, lines, press, renderScreen, waitFor, waitForText } from '../support/ink.js';

afterEach(() => cleanup());

const items = ['alpha', 'beta', 'gamma', 'delta'].map((label) => ({ key: label, label, value: label }));

function Picker({ onSelect }: { onSelect: (value: string) => void }) {
  return <SelectInput items={items} limit={4} onSelect={(item) => onSelect(item.value)} />;
}

function Field({ onSubmit }: { onSubmit?: (value: string) => void }) {
  const [value, setValue] = useState('');
  return (
    <Box>
      <Text>{`[${value}]`}</Text>
      <TextInput value={value} onChange={setValue} onSubmit={onSubmit} />
    </Box>
  );
}

/** A list next to a screen-wide `useInput`, as our key router is. */
function Screen({ onInput, onSelect }: { onInput: (input: string) => void; onSelect: (value: string) => void }) {
  useInput((input) => onInput(input));
  return <Picker onSelect={onSelect} />;
}

describe('ink-select-input', () => {
  it('ignores `jj` typed in one burst: it compares the whole input to "j"', async () => {
    const chosen: string[] = [];
    const app = await renderScreen(<Picker onSelect={(v) => chosen.push(v)} />);
    await press(app, 'jj', { change: false });
    await press(app, KEYS.enter, { until: () => chosen.length > 0 });
    expect(chosen).toEqual(['alpha']); // two down: 'gamma'
  });

  it('moves once for two ↓ in one burst: the second reads the index the first left in its closure', async () => {
    const chosen: string[] = [];
    const app = await renderScreen(<Picker onSelect={(v) => chosen.push(v)} />);
    await press(app, KEYS.down + KEYS.down);
    await press(app, KEYS.enter, { until: () => chosen.length > 0 });
    expect(chosen).toEqual(['beta']); // two down: 'gamma'
  });

  it('takes j, k and digits itself, next to any other useInput: `q` reaches both, `3` chooses', async () => {
    const chosen: string[] = [];
    const global: string[] = [];
    const app = await renderScreen(<Screen onInput={(i) => global.push(i)} onSelect={(v) => chosen.push(v)} />);
    await press(app, 'j', { change: true });
    await press(app, '3', { until: () => chosen.length > 0 });
    expect(chosen).toEqual(['gamma']);
    expect(global).toEqual(['j', '3']); // the router saw the keys the list took as well
  });
});

describe('either package as a view only (isFocused / focus false, so the router stays the one consumer)', () => {
  it('ink-select-input reads initialIndex once: the list cannot be told which item the router highlighted', async () => {
    const app = await renderScreen(<SelectInput items={items} limit={4} isFocused={false} initialIndex={0} />);
    const marked = () =>
      frame(app)
        .split('\n')
        .find((l) => l.startsWith('❯')) ?? '';
    expect(marked()).toContain('alpha');
    const drawn = app.frames.length;
    app.rerender(<SelectInput items={items} limit={4} isFocused={false} initialIndex={2} />);
    await waitFor(() => app.frames.length > drawn, 'the frame after the new initialIndex');
    expect(marked()).toContain('alpha'); // the router's index: gamma
  });

  it('ink-text-input draws no cursor unless it has the focus, that is its own useInput', async () => {
    const app = await renderScreen(
      <Box>
        <Text>[</Text>
        <TextInput value="abc" onChange={() => {}} focus={false} />
        <Text>]</Text>
      </Box>,
    );
    expect(frame(app)).toContain('[abc]'); // focused, it draws an inverse cell: [abc ]
  });
});

describe('ink-text-input', () => {
  it('keeps only the second of two keys that arrive in one tick (vadimdemedes/ink-text-input#90)', async () => {
    const app = await renderScreen(<Field />);
    app.stdin.write('a');
    app.stdin.write('b');
    await press(app, '', { change: false });
    expect(frame(app)).toContain('[b]'); // in order: [ab]
  });

  it('drops the text typed before ← in one burst: "ac←b" leaves "b"', async () => {
    const app = await renderScreen(<Field />);
    await press(app, `ac${KEYS.left}b`);
    expect(frame(app)).toContain('[b]'); // in order: [abc]
  });

  it('takes Enter and Backspace inside a burst for text: "work\\r" is not submitted', async () => {
    const submitted: string[] = [];
    const app = await renderScreen(<Field onSubmit={(v) => submitted.push(v)} />);
    await press(app, 'worx\x7fk\r');
    expect(submitted).toEqual([]);
    expect(frame(app)).not.toContain('[work]');
  });
});

/**
 * What the packages above miss, pinned on authdeck's own lists and fields (one key router, the
 * screens' eager reducers): each burst is applied in order, key by key.
 */
describe("authdeck's own lists and fields", () => {
  const service = () => createFakeService([makeView({ provider: 'curvenote', label: 'old', active: true })]);
  const labelLine = (app: RenderedApp) => lines(app).find((l) => l.includes('Label:')) ?? '';

  it('`jj` in one burst moves the provider list down two', async () => {
    const app = await renderApp(service());
    await press(app, 'a');
    await press(app, `jj${KEYS.enter}`);
    await waitForText(app, 'Label:');
    expect(frame(app)).toContain('Platform.sh');
  });

  it('two ↓ in one burst move down two', async () => {
    const app = await renderApp(service());
    await press(app, 'a');
    await press(app, `${KEYS.down}${KEYS.down}${KEYS.enter}`);
    await waitForText(app, 'Label:');
    expect(frame(app)).toContain('Platform.sh');
  });

  it('a digit does not choose, and `q` in a list quits (the router has it, not the list)', async () => {
    const app = await renderApp(service());
    await press(app, 'a');
    await press(app, '3', { change: false });
    expect(frame(app)).toContain('Which service is the token for?');
    await press(app, 'q', { until: () => app.exits.length > 0 });
    expect(app.exits).toEqual([0]);
  });

  it('two keys that arrive in one tick both land, in order', async () => {
    const app = await renderApp(service());
    await press(app, `a${KEYS.enter}`);
    await waitForText(app, 'Label:');
    app.stdin.write('a');
    app.stdin.write('b');
    await waitFor(() => labelLine(app).includes('Label: ab'), 'Label: ab', 2_000, app);
  });

  it('"ac←b" in one burst gives "abc"; Enter and Backspace inside a burst are keys', async () => {
    const app = await renderApp(service());
    await press(app, `a${KEYS.enter}`);
    await waitForText(app, 'Label:');
    await press(app, `ac${KEYS.left}b`);
    expect(labelLine(app)).toContain('Label: abc');
    await press(app, `${KEYS.ctrlU}worx\x7fk\r`);
    await waitForText(app, 'paste the token');
    expect(frame(app)).toContain('Label: work');
  });
});
