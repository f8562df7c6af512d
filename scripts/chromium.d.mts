export declare const CHROMIUM_PATH: string;
export declare function chromiumArgs(extension: string): string[];
