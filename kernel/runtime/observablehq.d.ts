// The Observable runtime and Inputs ship without type declarations; these are
// the parts Kernelbook uses.
declare module '@observablehq/runtime' {
  export interface Observer {
    pending?(): void;
    fulfilled?(value: unknown, name?: string | null): void;
    rejected?(error: unknown, name?: string | null): void;
  }
  export class Variable {
    define(name: string | null, inputs: string[], definition: (...args: any[]) => unknown): this;
    define(inputs: string[], definition: (...args: any[]) => unknown): this;
    delete(): void;
    readonly _name: string | null;
    readonly _version: number;
  }
  export class Module {
    variable(observer?: Observer | boolean, options?: { shadow?: Record<string, () => unknown> }): Variable;
    define(name: string | null, inputs: string[], definition: (...args: any[]) => unknown): Variable;
    redefine(name: string, inputs: string[], definition: (...args: any[]) => unknown): Variable;
    value(name: string): Promise<unknown>;
  }
  export class Runtime {
    constructor(builtins?: Record<string, unknown>, global?: (name: string) => unknown);
    module(): Module;
    dispose(): void;
    _compute(): Promise<void>;
    _computing: Promise<void> | null;
  }
  export class RuntimeError extends Error {
    constructor(message: string, input?: string);
    input?: string;
  }
}

declare module '@observablehq/inputs' {
  type Input = (...args: any[]) => HTMLElement & { value: any };
  export const button: Input, checkbox: Input, color: Input, date: Input, datetime: Input, file: Input, form: Input;
  export const number: Input, radio: Input, range: Input, search: Input, select: Input, table: Input, text: Input;
  export const textarea: Input, toggle: Input, input: Input, bind: (...args: any[]) => unknown;
}
