export function pasteText(el: Element, text: string): void;
export function drawnText(el: Element): string;
export function documentText(el: Element): string;
