// The link's own JSON reader/writer: what comes off the socket must parse exactly, and bad input
// must fail with JsonException (never hang, never overflow the stack).
using System.Collections.Generic;
using System.Text;
using Slate.Bridge.Link;

namespace Slate.Bridge.Tests
{
    public static class JsonTests
    {
        [Test]
        public static void ParsesACommandMessage()
        {
            var o = (Dictionary<string, object>)Json.Parse("{\"t\":\"cmd\",\"id\":7,\"name\":\"time.scale\",\"args\":{\"value\":0.5,\"list\":[1,-2.5e3,true,false,null]}}");
            Assert.Equal("cmd", Json.Str(o, "t"), "t");
            Assert.Equal(7.0, Json.Num(o, "id").Value, "id");
            var args = Json.Obj(o, "args");
            Assert.Equal(0.5, Json.Num(args, "value").Value, "value");
            var list = Json.Arr(args, "list");
            Assert.Equal(5, list.Count, "list length");
            Assert.Equal(-2500.0, (double)list[1], "exponent");
            Assert.Equal(true, (bool)list[2], "true");
            Assert.True(list[4] == null, "null");
        }

        [Test]
        public static void DecodesEscapesAndSurrogatePairs()
        {
            var s = (string)Json.Parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\"");
            Assert.Equal("a\"b\\c/d\n\té\U0001F600", s, "decoded");
        }

        [Test]
        public static void WriterRoundTripsStringsAndNumbers()
        {
            var tricky = "quote\" backslash\\ nl\n ctl\u0001 emoji\U0001F600 lone\ud800 end";
            var json = new JsonWriter().BeginObject().Key("s").Value(tricky).Key("d").Value(0.1 + 0.2).Key("n").Value(long.MaxValue)
                .Key("nan").Value(double.NaN).Key("arr").BeginArray().Value(1L).Null().Value(false).EndArray().EndObject().ToString();
            var back = (Dictionary<string, object>)Json.Parse(json);
            Assert.Equal(tricky, Json.Str(back, "s"), "string round trip");
            Assert.Equal(0.1 + 0.2, Json.Num(back, "d").Value, "double round trip (R format)");
            Assert.True(back["nan"] == null, "NaN is written as null (not sampled)");
            Assert.Equal(3, Json.Arr(back, "arr").Count, "array");
            // No raw control characters or lone surrogates on the wire.
            foreach (var c in json) Assert.True(c >= 0x20 && !char.IsSurrogate(c), "escaped char " + (int)c);
        }

        [Test]
        public static void AnyWritesNestedDictionariesAndLists()
        {
            var v = new Dictionary<string, object> { { "a", new List<object> { 1.5, "x", null } }, { "b", new Dictionary<string, object> { { "c", true } } } };
            var text = new JsonWriter().Any(v).ToString();
            Assert.Equal("{\"a\":[1.5,\"x\",null],\"b\":{\"c\":true}}", text, "nested");
        }

        [Test]
        public static void RejectsBadInput()
        {
            var bad = new[] { "1e400", "-1e400", "", "{", "{\"a\":}", "[1,]", "{\"a\" 1}", "01", "1.", "-", "\"abc", "\"\\x\"", "\"\\u12\"", "tru", "{\"a\":1}x", "\"a\u0001\"", "{a:1}", "NaN" };
            foreach (var b in bad) Assert.Throws<JsonException>(() => Json.Parse(b), "parse of '" + b + "'");
            Assert.True(Json.TryParseObject("[1]") == null, "an array is not a message");
            Assert.True(Json.TryParseObject("not json") == null, "garbage is not a message");
        }

        [Test]
        public static void DeepNestingFailsCleanly()
        {
            var deep = new StringBuilder();
            for (var i = 0; i < 100000; i++) deep.Append('[');
            Assert.Throws<JsonException>(() => Json.Parse(deep.ToString()), "100000 nested arrays");
        }
    }
}
