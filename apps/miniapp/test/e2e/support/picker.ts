import type { Page } from 'playwright-core';

/** Longer than NutUI's fling window (300 ms): a slower drag stops where the finger does. */
const SLOW_DRAG_MS = 400;

/**
 * Turns columns of the open NutUI picker (a DatePicker's or a Picker's bottom popup) the way a finger does, then
 * taps 确定. `columns` maps a column's index to the text its option starts with ({ 4: '30' } picks minute 30 of
 * a datetime). Each column is dragged slowly by whole rows (touch events on the column, as the roller listens
 * for), so the value goes through the component's own selection and onConfirm.
 */
export async function pickInPicker(page: Page, columns: Readonly<Record<number, string>>): Promise<void> {
  const picker = page.locator('.nut-picker:visible');
  await picker.waitFor({ state: 'visible' });
  for (const [index, option] of Object.entries(columns)) {
    const column = picker.locator('.nut-pickerview-list').nth(Number(index));
    const rows = await column.evaluate((list, wanted) => {
      const items = Array.from(list.querySelectorAll('.nut-pickerview-roller-item'));
      const from = items.findIndex((i) => i.classList.contains('nut-pickerview-roller-item-active'));
      const to = items.findIndex((i) => (i.textContent ?? '').startsWith(wanted));
      if (to < 0) throw new Error(`No option ${wanted} in the column`);
      return to - Math.max(from, 0);
    }, option);
    if (rows === 0) continue;
    await column.evaluate(
      async (list, { count, slow }) => {
        const height =
          parseFloat(getComputedStyle(list).getPropertyValue('--nutui-picker-item-height')) || 36;
        const box = list.getBoundingClientRect();
        const x = box.left + box.width / 2;
        const y0 = box.top + box.height / 2;
        // Up by whole rows and a third more, so the roller settles back onto the row (an animated settle).
        const dy = -(count + Math.sign(count) / 3) * height;
        const touch = (type: string, y: number): void => {
          const t = new Touch({ identifier: 1, target: list, clientX: x, clientY: y, pageX: x, pageY: y });
          const touches = type === 'touchend' ? [] : [t];
          list.dispatchEvent(
            new TouchEvent(type, {
              touches,
              targetTouches: touches,
              changedTouches: [t],
              bubbles: true,
              cancelable: true,
            }),
          );
        };
        const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
        touch('touchstart', y0);
        await pause(30);
        touch('touchmove', y0 + dy / 2);
        await pause(30);
        touch('touchmove', y0 + dy);
        await pause(slow);
        touch('touchend', y0 + dy);
      },
      { count: rows, slow: SLOW_DRAG_MS },
    );
    // The roller animates onto the row (a 200ms transition), then selects it when the transition ends and sets
    // its duration back to 0 (which the CSSOM leaves out of the text).
    await column.locator('.nut-pickerview-roller-item-active', { hasText: option }).waitFor();
    await page.waitForFunction(
      (list) =>
        list
          ?.querySelector<HTMLElement>('.nut-pickerview-roller')
          ?.style.transition.match(/\b[1-9]\d*m?s\b/) === null,
      await column.elementHandle(),
    );
  }
  await picker.locator('.nut-picker-confirm-btn').click();
  await picker.waitFor({ state: 'hidden' });
}
