import { Box, type DOMElement, measureElement } from 'ink';
import { type ReactNode, useLayoutEffect, useRef } from 'react';

/** Props of {@link ScrollArea}. */
export interface ScrollAreaProps {
  /** How many rows the area takes on screen. */
  height: number;
  /** The first row of the content shown. */
  offset: number;
  /** Told the content's full height (in rows, wrapping included) whenever it changes. */
  onMeasure(contentHeight: number): void;
  children: ReactNode;
}

/**
 * A window of `height` rows over content of any height: the title above and the footer below stay
 * where they are, however tall the content grows or however small the terminal is. The content is
 * laid out whole (so wrapped lines count as the rows they take) and shifted up by `offset`.
 */
export function ScrollArea({ height, offset, onMeasure, children }: ScrollAreaProps) {
  const content = useRef<DOMElement>(null);
  const reported = useRef(-1);
  useLayoutEffect(() => {
    if (!content.current) return;
    const measured = measureElement(content.current).height;
    if (measured !== reported.current) {
      reported.current = measured;
      onMeasure(measured);
    }
  });
  return (
    <Box height={height} flexShrink={0} overflowY="hidden" flexDirection="column">
      <Box ref={content} flexDirection="column" flexShrink={0} marginTop={-offset}>
        {children}
      </Box>
    </Box>
  );
}
