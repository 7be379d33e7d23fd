import { INPUT } from "../../../ui/controls";

/** The console's text box without its full width, for boxes in a row of filters that set their own. */
export const INLINE_INPUT = INPUT.replace("w-full ", "");
