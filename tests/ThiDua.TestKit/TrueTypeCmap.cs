using System.Buffers.Binary;

namespace ThiDua.TestKit;

/// <summary>
/// The characters a TrueType font maps to a glyph, read from its cmap (formats 4 and 12): an
/// independent check that no character of a document falls on the font's empty .notdef glyph.
/// </summary>
public sealed class TrueTypeCmap
{
    private readonly HashSet<int> _mapped = [];

    public TrueTypeCmap(byte[] font)
    {
        var tables = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        var cmap = -1;
        for (var i = 0; i < tables; i++)
        {
            var record = 12 + (16 * i);
            if (font.AsSpan(record, 4).SequenceEqual("cmap"u8))
            {
                cmap = (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(record + 8));
            }
        }

        Assert.True(cmap >= 0, "The font has no cmap table.");
        var subtables = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(cmap + 2));
        for (var i = 0; i < subtables; i++)
        {
            var offset = cmap + (int)BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(cmap + 4 + (8 * i) + 4));
            switch (BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(offset)))
            {
                case 4:
                    ReadFormat4(font, offset);
                    break;
                case 12:
                    ReadFormat12(font, offset);
                    break;
                default:
                    break;
            }
        }
    }

    public bool Covers(int codePoint) => _mapped.Contains(codePoint);

    private void ReadFormat4(byte[] font, int offset)
    {
        var segments = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(offset + 6)) / 2;
        var ends = offset + 14;
        var starts = ends + (2 * segments) + 2;
        var deltas = starts + (2 * segments);
        var rangeOffsets = deltas + (2 * segments);
        for (var s = 0; s < segments; s++)
        {
            int end = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(ends + (2 * s)));
            int start = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(starts + (2 * s)));
            var delta = BinaryPrimitives.ReadInt16BigEndian(font.AsSpan(deltas + (2 * s)));
            int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(rangeOffsets + (2 * s)));
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                int glyph;
                if (rangeOffset == 0)
                {
                    glyph = (c + delta) & 0xFFFF;
                }
                else
                {
                    var at = rangeOffsets + (2 * s) + rangeOffset + (2 * (c - start));
                    glyph = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(at));
                    glyph = glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
                }

                if (glyph != 0)
                {
                    _mapped.Add(c);
                }
            }
        }
    }

    private void ReadFormat12(byte[] font, int offset)
    {
        var groups = BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(offset + 12));
        for (var g = 0; g < groups; g++)
        {
            var at = offset + 16 + (12 * g);
            var start = BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(at));
            var end = BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(at + 4));
            var glyph = BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(at + 8));
            for (var c = start; c <= end; c++)
            {
                if (glyph + (c - start) != 0)
                {
                    _mapped.Add((int)c);
                }
            }
        }
    }
}
