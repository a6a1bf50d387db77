import { Box } from 'ink';
import { useEffect, useState } from 'react';
import { accountRef } from '../../core/references.js';
import { AddFlowSteps } from '../components/AddFlowSteps.js';
import { KeyHints } from '../components/KeyHints.js';
import { ScrollArea } from '../components/ScrollArea.js';
import { Title } from '../components/Title.js';
import { addFlowChoices, addFlowMode, useAddFlow } from '../hooks/use-add-flow.js';
import { useDeckContext } from '../hooks/use-deck.js';
import { useKeyOwner } from '../hooks/use-key-router.js';
import { type AddPreset, useNavigation } from '../hooks/use-router.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import type { KeyPress } from '../key-press.js';
import { FIELD_KEYS, PICKER_KEYS } from '../keymap.js';

/** Props of {@link AddTokenScreen}. */
export interface AddTokenScreenProps {
  preset: AddPreset;
  /** `cli`: opened by `authdeck add`; storing ends the app with 0, Esc cancels with 1. */
  entry: 'app' | 'cli';
}

/** Add/paste a token: provider, kind, label, KB URL, the masked token, the check, the outcome. */
export function AddTokenScreen({ preset, entry }: AddTokenScreenProps) {
  const deck = useDeckContext();
  const nav = useNavigation();
  const size = useTerminalSize();
  const flow = useAddFlow('add', preset);
  const { state } = flow;

  const stored = state.step === 'stored' ? state.result : null;
  useEffect(() => {
    if (!stored) return;
    deck.commands.reload();
    deck.commands.focus(stored.account.id);
    // `authdeck add` ends once the token is stored; the last frame stays on the terminal.
    if (entry === 'cli') nav.quit(0);
  }, [stored, entry, deck.commands, nav]);

  useKeyOwner({
    mode: flow.owner.mode,
    handle(press: KeyPress) {
      if (
        flow.latest.current.step === 'stored' &&
        press.kind === 'key' &&
        (press.name === 'return' || press.name === 'escape')
      ) {
        nav.pop();
        return true;
      }
      return flow.owner.handle(press);
    },
  });

  // Title and footer stay on screen in a small window; the steps between them show their end (the field being
  // filled, the latest outcome), since the add flow's keys belong to its fields rather than to scrolling.
  const [content, setContent] = useState(0);
  const room = Math.max(1, size.rows - 4);
  const height = content > 0 ? Math.min(content, room) : room;

  const text = addFlowMode(state) === 'text';
  const picking = state.step === 'provider' || state.step === 'kind' || addFlowChoices(state) !== null;
  return (
    <Box flexDirection="column">
      <Title>
        {preset.replace && preset.provider && preset.label
          ? `Replace the secret · ${accountRef({ deck: preset.deck ?? null, provider: preset.provider, kind: preset.kind ?? 'user', label: preset.label })}`
          : `Add a token${preset.deck ? ` to the deck ${preset.deck}` : ''}`}
      </Title>
      <ScrollArea height={height} offset={Math.max(0, content - height)} onMeasure={setContent}>
        <AddFlowSteps state={state} width={size.columns} />
      </ScrollArea>
      {/* `authdeck add` ends on the stored message: no keys to offer in the frame left behind. */}
      {stored && entry === 'cli' ? null : (
        <Box marginTop={1}>
          <KeyHints
            bindings={text ? [FIELD_KEYS] : picking ? [PICKER_KEYS] : []}
            extra={[
              {
                keys: 'Esc',
                hint: entry === 'cli' && state.history.length === 0 && state.step !== 'refused' ? 'cancel' : 'back',
                keep: true,
              },
              ...(text || picking ? [] : [{ keys: '?', hint: 'help' }]),
              ...(!text ? [{ keys: 'q', hint: 'quit' }] : []),
            ]}
          />
        </Box>
      )}
    </Box>
  );
}
