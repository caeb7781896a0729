// Pulumi's Node.js runtime calls the exported function and awaits it; the resolved object becomes
// the stack outputs (see program.ts).
import { runProgram } from "./program";
export = runProgram;
