/** Types of src-main-layers.js for the tests that read its map. */
export interface Layer {
  name: string
  folders: string[]
  why: string
}
export declare const layers: Layer[]
declare const plugin: { rules: Record<string, unknown> }
export default plugin
