import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type DataPath = ReadonlyArray<PropertyKey>;

export interface Location {
  line: number;
  col: number;
  /** Set when the path names a key that the enclosing mapping does not have. */
  missingKey?: string;
}

/**
 * Maps a path in the parsed data (as zod reports it) back to a line and column in the YAML text.
 * When the path runs past what the document holds, the deepest node that exists is used.
 */
export class YamlLocator {
  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  /** Where the value at `path` starts. */
  value(path: DataPath): Location {
    return this.walk(path, false);
  }

  /** Where the key of the last path segment starts (for unknown keys); falls back to the value. */
  key(path: DataPath): Location {
    return this.walk(path, true);
  }

  lineCol(offset: number): { line: number; col: number } {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, col };
  }

  private walk(path: DataPath, wantKey: boolean): Location {
    let node = this.deref(this.doc.contents);
    let offset = node?.range?.[0] ?? 0;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return { ...this.lineCol(offset), missingKey: String(segment) };
        const keyOffset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        const value = this.deref(pair.value as Node | null);
        if (last && wantKey && keyOffset !== undefined) return this.lineCol(keyOffset);
        node = value;
        offset = value?.range?.[0] ?? keyOffset ?? offset;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = this.deref(node.items[segment] as Node | null | undefined);
        if (!item) break;
        node = item;
        offset = item.range?.[0] ?? offset;
      } else {
        break;
      }
    }
    return this.lineCol(offset);
  }

  private deref(node: Node | null | undefined): Node | null | undefined {
    return isAlias(node) ? (node.resolve(this.doc) as Node | undefined) : node;
  }
}
