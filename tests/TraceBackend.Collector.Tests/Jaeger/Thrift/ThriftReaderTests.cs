using System.Text;
using TraceBackend.Collector.Jaeger.Thrift;

namespace TraceBackend.Collector.Tests.Jaeger.Thrift;

public sealed class ThriftReaderTests
{
    private static readonly byte[] s_emitBatch = Encoding.ASCII.GetBytes("emitBatch");

    private static byte[] Bytes(params object[] parts)
    {
        var list = new List<byte>();
        foreach (var p in parts)
        {
            switch (p)
            {
                case byte[] b: list.AddRange(b); break;
                case int i: list.Add((byte)i); break;
                default: throw new ArgumentException("byte or byte[]");
            }
        }

        return [.. list];
    }

    [Fact]
    public void BinaryReadsEveryTypeBigEndian()
    {
        var r = new ThriftBinaryReader(Bytes(
            0x01, 0x00,                                 // bool true, false
            0xFE,                                       // i8 -2
            0x01, 0x02,                                 // i16 258
            0xFF, 0xFF, 0xFF, 0xFE,                     // i32 -2
            0x80, 0, 0, 0, 0, 0, 0, 0x01,               // i64 min+1
            0x3F, 0xF8, 0, 0, 0, 0, 0, 0,               // double 1.5
            0, 0, 0, 2, (int)'h', (int)'i',             // string "hi"
            0x0B, 0x00, 0x05,                           // field STRING id 5
            0x00,                                       // STOP
            0x0A, 0, 0, 0, 7,                           // list<i64> size 7, more than the bytes left
            0x0B, 0x08, 0, 0, 0, 0));                   // map<string,i32> size 0
        Assert.True(r.ReadBool());
        Assert.False(r.ReadBool());
        Assert.Equal(-2, r.ReadByte());
        Assert.Equal(258, r.ReadI16());
        Assert.Equal(-2, r.ReadI32());
        Assert.Equal(long.MinValue + 1, r.ReadI64());
        Assert.Equal(1.5, r.ReadDouble());
        Assert.Equal("hi", r.ReadString());
        Assert.True(r.ReadFieldBegin(out var type, out var id));
        Assert.Equal((ThriftType.String, (short)5), (type, id));
        Assert.False(r.ReadFieldBegin(out _, out _));
        var ex = Assert.Throws<ThriftDecodeException>(() => r.ReadListBegin(out _));
        Assert.Equal("list at byte offset 35 has size 7 but only 6 bytes are left", ex.Message);
    }

    [Fact]
    public void BinaryMapHeaderAndSkip()
    {
        var r = new ThriftBinaryReader(Bytes(0x0B, 0x08, 0, 0, 0, 1, 0, 0, 0, 1, (int)'k', 0, 0, 0, 9));
        Assert.Equal(1, r.ReadMapBegin(out var k, out var v));
        Assert.Equal((ThriftType.String, ThriftType.I32), (k, v));
        Assert.Equal("k", r.ReadString());
        Assert.Equal(9, r.ReadI32());
        r.ReadMapEnd();
        Assert.Equal(0, r.Remaining);
    }

    [Fact]
    public void BinaryStrictMessageHeader()
    {
        var r = new ThriftBinaryReader(Bytes(0x80, 0x01, 0x00, 0x04, 0, 0, 0, 9, s_emitBatch, 0, 0, 0, 7));
        Assert.Equal(new ThriftMessageHeader("emitBatch", ThriftMessageType.Oneway, 7), r.ReadMessageBegin());
    }

    [Fact]
    public void BinaryNonStrictMessageHeader()
    {
        var r = new ThriftBinaryReader(Bytes(0, 0, 0, 9, s_emitBatch, 0x01, 0, 0, 0x01, 0x00));
        Assert.Equal(new ThriftMessageHeader("emitBatch", ThriftMessageType.Call, 256), r.ReadMessageBegin());
    }

    [Fact]
    public void BinaryBadVersionIsRejected()
    {
        var r = new ThriftBinaryReader(Bytes(0x80, 0x02, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0));
        var ex = Assert.Throws<ThriftDecodeException>(() => r.ReadMessageBegin());
        Assert.Equal("bad Thrift binary message version 0x80020001 at byte offset 0", ex.Message);
    }

    [Fact]
    public void CompactMessageHeadersOnewayAndCall()
    {
        Assert.Equal(new ThriftMessageHeader("emitBatch", ThriftMessageType.Oneway, 0),
            new ThriftCompactReader(Bytes(0x82, 0x81, 0x00, 0x09, s_emitBatch)).ReadMessageBegin());
        Assert.Equal(new ThriftMessageHeader("emitBatch", ThriftMessageType.Call, 300),
            new ThriftCompactReader(Bytes(0x82, 0x21, 0xAC, 0x02, 0x09, s_emitBatch)).ReadMessageBegin());
        var ex = Assert.Throws<ThriftDecodeException>(() => new ThriftCompactReader(Bytes(0x80, 0x01)).ReadMessageBegin());
        Assert.Equal("bad Thrift compact protocol id 0x80 at byte offset 0 (expected 0x82)", ex.Message);
    }

    [Fact]
    public void CompactZigZagVarintsAndLittleEndianDouble()
    {
        var r = new ThriftCompactReader(Bytes(
            0x01,                   // i32 -1
            0x02,                   // i32 1
            0xAC, 0x02,             // i32 150 (zigzag 300)
            0x03,                   // i16 -2
            0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, // i64 max (zigzag 2^64-2)
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, // i64 min (zigzag 2^64-1)
            0, 0, 0, 0, 0, 0, 0xF8, 0x3F, // double 1.5 LE
            0x02, (int)'h', (int)'i', // string "hi"
            0x7F));                 // i8 127
        Assert.Equal(-1, r.ReadI32());
        Assert.Equal(1, r.ReadI32());
        Assert.Equal(150, r.ReadI32());
        Assert.Equal(-2, r.ReadI16());
        Assert.Equal(long.MaxValue, r.ReadI64());
        Assert.Equal(long.MinValue, r.ReadI64());
        Assert.Equal(1.5, r.ReadDouble());
        Assert.Equal("hi", r.ReadString());
        Assert.Equal(127, r.ReadByte());
        Assert.Equal(0, r.Remaining);
    }

    [Fact]
    public void CompactFieldDeltasLongFormAndNestedStructsKeepTheirOwnLastId()
    {
        var r = new ThriftCompactReader(Bytes(
            0x15, 0x02,             // field 1 (delta 1) i32 = 1
            0x46, 0x04,             // field 5 (delta 4) i64 = 2
            0x05, 0xC8, 0x01, 0x06, // field 100 long form (zigzag 200) i32 = 3
            0x0C, 0xCA, 0x01,       // field 101 long form struct
            0x15, 0x08,             //   inner field 1 i32 = 4 (delta from 0, not 101)
            0x00,                   //   inner STOP
            0x18, 0x00,             // field 102 (delta 1 from 101) string ""
            0x00));
        r.ReadStructBegin();
        Assert.True(r.ReadFieldBegin(out var t, out var id));
        Assert.Equal((ThriftType.I32, (short)1, 1), (t, id, r.ReadI32()));
        Assert.True(r.ReadFieldBegin(out t, out id));
        Assert.Equal((ThriftType.I64, (short)5, 2L), (t, id, r.ReadI64()));
        Assert.True(r.ReadFieldBegin(out t, out id));
        Assert.Equal((ThriftType.I32, (short)100, 3), (t, id, r.ReadI32()));
        Assert.True(r.ReadFieldBegin(out t, out id));
        Assert.Equal((ThriftType.Struct, (short)101), (t, id));
        r.ReadStructBegin();
        Assert.True(r.ReadFieldBegin(out t, out id));
        Assert.Equal((ThriftType.I32, (short)1, 4), (t, id, r.ReadI32()));
        Assert.False(r.ReadFieldBegin(out _, out _));
        r.ReadStructEnd();
        Assert.True(r.ReadFieldBegin(out t, out id));
        Assert.Equal((ThriftType.String, (short)102, ""), (t, id, r.ReadString()));
        Assert.False(r.ReadFieldBegin(out _, out _));
        r.ReadStructEnd();
    }

    [Fact]
    public void CompactBoolFieldsAreInTheTypeNibbleAndListBoolsAreBytes()
    {
        var r = new ThriftCompactReader(Bytes(
            0x11,                   // field 1 bool true (no value byte)
            0x22,                   // field 3 bool false
            0x19, 0x31, 0x01, 0x02, 0x00, // field 4 list<bool> size 3: true, false, false(0)
            0x00));
        r.ReadStructBegin();
        Assert.True(r.ReadFieldBegin(out var t, out var id));
        Assert.Equal((ThriftType.Bool, (short)1, true), (t, id, r.ReadBool()));
        Assert.True(r.ReadFieldBegin(out t, out id));
        Assert.Equal((ThriftType.Bool, (short)3, false), (t, id, r.ReadBool()));
        Assert.True(r.ReadFieldBegin(out t, out id));
        Assert.Equal((ThriftType.List, (short)4), (t, id));
        Assert.Equal(3, r.ReadListBegin(out var element));
        Assert.Equal(ThriftType.Bool, element);
        Assert.Equal([true, false, false], new[] { r.ReadBool(), r.ReadBool(), r.ReadBool() });
        r.ReadListEnd();
        Assert.False(r.ReadFieldBegin(out _, out _));
    }

    [Fact]
    public void CompactLongListSizeAndMaps()
    {
        var list = new List<byte> { 0xF3, 0x0F };
        list.AddRange(Enumerable.Range(0, 15).Select(i => (byte)i));
        var r = new ThriftCompactReader(list.ToArray());
        Assert.Equal(15, r.ReadListBegin(out var element));
        Assert.Equal(ThriftType.Byte, element);

        var map = new ThriftCompactReader(Bytes(0x01, 0x85, 0x01, (int)'k', 0x14, 0x00));
        Assert.Equal(1, map.ReadMapBegin(out var k, out var v));
        Assert.Equal((ThriftType.String, ThriftType.I32, "k", 10), (k, v, map.ReadString(), map.ReadI32()));
        map.ReadMapEnd();
        Assert.Equal(0, map.ReadMapBegin(out _, out _));
    }

    [Theory]
    [InlineData(ThriftProtocol.Binary)]
    [InlineData(ThriftProtocol.Compact)]
    public void SkipHandlesEveryType(ThriftProtocol protocol)
    {
        var w = new ThriftTestWriter(protocol).StructBegin()
            .BoolField(1, true)
            .Field(ThriftType.Byte, 2).Raw(7)
            .Field(ThriftType.I16, 3).I16(-300)
            .Field(ThriftType.I32, 4).I32(70000)
            .Field(ThriftType.I64, 5).I64(-1)
            .Field(ThriftType.Double, 6).Double(2.5)
            .Field(ThriftType.String, 7).String("skip me")
            .Field(ThriftType.Struct, 8).StructBegin().Field(ThriftType.I32, 1).I32(1).StructEnd()
            .Field(ThriftType.List, 9).ListBegin(ThriftType.Bool, 2).BoolElement(true).BoolElement(false)
            .Field(ThriftType.Set, 10).ListBegin(ThriftType.String, 1).String("s")
            .Field(ThriftType.Map, 11).MapBegin(ThriftType.String, ThriftType.List, 1).String("k").ListBegin(ThriftType.I64, 1).I64(5)
            .Field(ThriftType.I32, 300).I32(9)
            .StructEnd();
        w.Raw(0xAB); // a marker after the struct
        var bytes = w.ToArray();
        var r = ThriftReader.Create(protocol, bytes);

        r.Skip(ThriftType.Struct);

        Assert.Equal(1, r.Remaining);
        Assert.Equal(-85, r.ReadByte());
    }

    [Theory]
    [InlineData(ThriftProtocol.Binary)]
    [InlineData(ThriftProtocol.Compact)]
    public void NestingDeeperThanTheLimitIsRejected(ThriftProtocol protocol)
    {
        var w = new ThriftTestWriter(protocol);
        for (var i = 0; i < ThriftReader.MaxDepth + 1; i++)
        {
            w.ListBegin(ThriftType.List, 1);
        }

        w.ListBegin(ThriftType.I32, 0);
        var ex = Assert.Throws<ThriftDecodeException>(() => ThriftReader.Create(protocol, w.ToArray()).Skip(ThriftType.List));
        Assert.Contains("is nested deeper than 64 levels", ex.Message);
    }

    [Fact]
    public void NegativeAndOversizedLengthsAreRejected()
    {
        var negative = Assert.Throws<ThriftDecodeException>(() => new ThriftBinaryReader(Bytes(0xFF, 0xFF, 0xFF, 0xFF)).ReadBinary());
        Assert.Equal("string/binary at byte offset 0 has negative size -1", negative.Message);
        var huge = Assert.Throws<ThriftDecodeException>(() => new ThriftCompactReader(Bytes(0x80, 0x80, 0x04, 0x61)).ReadBinary());
        Assert.Equal("string/binary at byte offset 0 has size 65536 but only 1 bytes are left", huge.Message);
        var hugeList = Assert.Throws<ThriftDecodeException>(() => new ThriftCompactReader(Bytes(0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x07)).ReadListBegin(out _));
        Assert.Equal("list at byte offset 0 has size 2147483647 but only 0 bytes are left", hugeList.Message);
        var longVarint = Assert.Throws<ThriftDecodeException>(() => new ThriftCompactReader(Enumerable.Repeat((byte)0xFF, 11).ToArray()).ReadI64());
        Assert.Equal("i64 varint at byte offset 0 is longer than 64 bits", longVarint.Message);
        var badType = Assert.Throws<ThriftDecodeException>(() => new ThriftBinaryReader(Bytes(0x07, 0, 1)).ReadFieldBegin(out _, out _));
        Assert.Equal("unknown Thrift type id 7 at byte offset 0", badType.Message);
        var badUtf8 = Assert.Throws<ThriftDecodeException>(() => new ThriftCompactReader(Bytes(0x01, 0xFF)).ReadString());
        Assert.Equal("string at byte offset 0 is not valid UTF-8", badUtf8.Message);
    }

    [Fact]
    public void TruncatedReadNamesWhatAndWhere()
    {
        var ex = Assert.Throws<ThriftDecodeException>(() => new ThriftBinaryReader(Bytes(0, 0, 0)).ReadI64());
        Assert.Equal("truncated: i64 at byte offset 0 needs 8 bytes, only 3 left", ex.Message);
        var varint = Assert.Throws<ThriftDecodeException>(() => new ThriftCompactReader(Bytes(0x80, 0x80)).ReadI32());
        Assert.Equal("truncated: i32 varint at byte offset 0 ends at byte offset 2", varint.Message);
    }
}
