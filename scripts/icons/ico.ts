/** One square image for an icon container, as PNG bytes. */
export interface IconImage {
  readonly size: number;
  readonly png: Buffer;
}

const ICONDIR_BYTES = 6;
const ICONDIRENTRY_BYTES = 16;

/**
 * A Windows .ico holding PNG images: an ICONDIR header, one ICONDIRENTRY per image, then the
 * PNG bytes. Windows Vista and later read PNG payloads at every size, so no BMP/DIB encoding is
 * needed (https://learn.microsoft.com/en-us/previous-versions/ms997538(v=msdn.10)).
 * Images are stored smallest first; a size of 256 is written as 0, as the format requires.
 */
export function encodeIco(images: readonly IconImage[]): Buffer {
  if (images.length === 0 || images.length > 0xffff) throw new Error('an ICO holds 1 to 65535 images');
  const sorted = [...images].sort((a, b) => a.size - b.size);
  const header = Buffer.alloc(ICONDIR_BYTES + ICONDIRENTRY_BYTES * sorted.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: 1 = icon (2 would be a cursor)
  header.writeUInt16LE(sorted.length, 4);
  let offset = header.length;
  sorted.forEach((image, index) => {
    if (!Number.isInteger(image.size) || image.size < 1 || image.size > 256)
      throw new Error(`an ICO image is 1 to 256 px, not ${image.size}`);
    const entry = ICONDIR_BYTES + ICONDIRENTRY_BYTES * index;
    header.writeUInt8(image.size % 256, entry); // width; 0 means 256
    header.writeUInt8(image.size % 256, entry + 1); // height
    header.writeUInt8(0, entry + 2); // palette colours: none
    header.writeUInt8(0, entry + 3); // reserved
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel (RGBA)
    header.writeUInt32LE(image.png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += image.png.length;
  });
  return Buffer.concat([header, ...sorted.map((image) => image.png)]);
}
