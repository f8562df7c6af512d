export declare const CHROMIUM_PATH: string;
export declare function chromiumArgs(extension: string): string[];
export declare function libraryRecord(
  id: string,
): Promise<{ id: string; annotation?: { note: string; status: string; tags: string[] } } | undefined>;
