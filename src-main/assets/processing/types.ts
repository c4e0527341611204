export type * from '../../../src-shared/types-assetproc'

/** Bad input (the file's own fault): reported per file, never a crash. */
export class AssetInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AssetInputError'
  }
}
