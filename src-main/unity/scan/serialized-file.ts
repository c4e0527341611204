/**
 * The class IDs in a binary-serialized Unity file (SerializedFile), read from its metadata header:
 * what is in a binary `.asset` without parsing its objects. Used to tell assets Unity always writes
 * binary (lighting data, NavMesh data, terrain data) from assets that are binary because the
 * project's serialization mode says so.
 *
 * Layout (Unity's SerializedFile, versions 9–22; big-endian header, metadata in the file's
 * endianness): header { metadataSize u32, fileSize u32, version u32, dataOffset u32, endian u8,
 * 3 reserved } (version ≥ 22 widens the sizes: metadataSize u32, fileSize u64, dataOffset u64,
 * u64 reserved), then metadata { unityVersion cstring, targetPlatform i32, enableTypeTree u8
 * (v ≥ 13), typeCount i32, types… }. Each type: classID i32, isStripped u8 (v ≥ 16), scriptTypeIndex
 * i16 (v ≥ 17), scriptID 16 bytes (MonoBehaviour, or classID < 0 before v16), oldTypeHash 16 bytes
 * (v ≥ 13), then, with type trees, a blob (v ≥ 12): nodeCount i32, stringBufferSize i32, nodes of 24
 * bytes (32 from v19), the string buffer; v ≥ 21 adds a dependency list (count i32, i32 each).
 * Anything unexpected ends the read with what was found so far: never throws.
 */
export function serializedClassIds(buf: Buffer, maxTypes = 64): number[] {
  const out: number[] = []
  if (buf.length < 20) return out
  const version = buf.readUInt32BE(8)
  if (version < 9 || version > 40) return out
  let k = 16
  let little: boolean
  if (version >= 22) {
    if (buf.length < 48) return out
    little = buf[16] === 0
    k = 48
  } else {
    little = buf[16] === 0
    k = 20
  }
  const i32 = (at: number) => (little ? buf.readInt32LE(at) : buf.readInt32BE(at))
  // Unity version string.
  const nul = buf.indexOf(0, k)
  if (nul < 0 || nul - k > 64) return out
  k = nul + 1
  k += 4 // target platform
  let typeTree = true
  if (version >= 13) {
    if (k >= buf.length) return out
    typeTree = buf[k] !== 0
    k += 1
  }
  if (k + 4 > buf.length) return out
  const count = i32(k)
  k += 4
  if (count < 0 || count > 100_000) return out
  for (let t = 0; t < count && out.length < maxTypes; t++) {
    if (k + 4 > buf.length) return out
    const classId = i32(k)
    k += 4
    out.push(classId)
    if (version >= 16) k += 1
    if (version >= 17) k += 2
    if (version >= 13) {
      if ((version < 16 && classId < 0) || (version >= 16 && classId === 114)) k += 16
      k += 16
    }
    if (!typeTree) continue
    // Older (recursive) type trees cannot be skipped cheaply: the first class is what we have.
    if (version < 12) return out
    if (k + 8 > buf.length) return out
    const nodes = i32(k)
    const strings = i32(k + 4)
    if (nodes < 0 || strings < 0 || nodes > 1_000_000) return out
    k += 8 + nodes * (version >= 19 ? 32 : 24) + strings
    if (version >= 21) {
      if (k + 4 > buf.length) return out
      const deps = i32(k)
      if (deps < 0 || deps > 1_000_000) return out
      k += 4 + deps * 4
    }
  }
  return out
}
