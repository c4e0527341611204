// A small JSON reader and writer for the live link. Unity's JsonUtility cannot read or write the
// link's shapes (top-level unions keyed by "t", arrays of nullable numbers, free-form args), and
// the package ships no third-party DLLs, so this is our own: objects read as
// Dictionary<string, object>, arrays as List<object>, numbers as double, plus string, bool, null.
// The reader is strict (RFC 8259) and bounded (nesting depth), because what it reads comes off
// a socket: bad input throws JsonException, it never hangs or overflows the stack.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Slate.Bridge.Link
{
    public sealed class JsonException : Exception
    {
        public JsonException(string message, int position) : base(message + " at " + position) { }
    }

    public static class Json
    {
        const int MaxDepth = 64;

        public static object Parse(string text)
        {
            if (text == null) throw new ArgumentNullException("text");
            var p = new Parser(text);
            p.SkipSpace();
            var v = p.Value(0);
            p.SkipSpace();
            if (p.Pos != text.Length) throw new JsonException("Unexpected text after the value", p.Pos);
            return v;
        }

        /// <summary>The object a message must be, or null when the text is not a JSON object.</summary>
        public static Dictionary<string, object> TryParseObject(string text)
        {
            try { return Parse(text) as Dictionary<string, object>; }
            catch (JsonException) { return null; }
        }

        public static string Str(Dictionary<string, object> o, string key)
        {
            object v;
            return o != null && o.TryGetValue(key, out v) ? v as string : null;
        }

        public static double? Num(Dictionary<string, object> o, string key)
        {
            object v;
            if (o != null && o.TryGetValue(key, out v) && v is double) return (double)v;
            return null;
        }

        public static Dictionary<string, object> Obj(Dictionary<string, object> o, string key)
        {
            object v;
            return o != null && o.TryGetValue(key, out v) ? v as Dictionary<string, object> : null;
        }

        public static List<object> Arr(Dictionary<string, object> o, string key)
        {
            object v;
            return o != null && o.TryGetValue(key, out v) ? v as List<object> : null;
        }

        sealed class Parser
        {
            readonly string _s;
            public int Pos;
            public Parser(string s) { _s = s; }

            public void SkipSpace()
            {
                while (Pos < _s.Length)
                {
                    var c = _s[Pos];
                    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') Pos++;
                    else break;
                }
            }

            public object Value(int depth)
            {
                if (depth > MaxDepth) throw new JsonException("Nested too deeply", Pos);
                if (Pos >= _s.Length) throw new JsonException("Unexpected end", Pos);
                var c = _s[Pos];
                switch (c)
                {
                    case '{': return Object(depth);
                    case '[': return Array(depth);
                    case '"': return String();
                    case 't': Word("true"); return true;
                    case 'f': Word("false"); return false;
                    case 'n': Word("null"); return null;
                    default:
                        if (c == '-' || (c >= '0' && c <= '9')) return Number();
                        throw new JsonException("Unexpected character '" + c + "'", Pos);
                }
            }

            void Word(string w)
            {
                if (string.CompareOrdinal(_s, Pos, w, 0, w.Length) != 0) throw new JsonException("Expected " + w, Pos);
                Pos += w.Length;
            }

            Dictionary<string, object> Object(int depth)
            {
                var o = new Dictionary<string, object>();
                Pos++;
                SkipSpace();
                if (Pos < _s.Length && _s[Pos] == '}') { Pos++; return o; }
                while (true)
                {
                    SkipSpace();
                    if (Pos >= _s.Length || _s[Pos] != '"') throw new JsonException("Expected a key", Pos);
                    var key = String();
                    SkipSpace();
                    Expect(':');
                    SkipSpace();
                    o[key] = Value(depth + 1);
                    SkipSpace();
                    if (Pos < _s.Length && _s[Pos] == ',') { Pos++; continue; }
                    Expect('}');
                    return o;
                }
            }

            List<object> Array(int depth)
            {
                var a = new List<object>();
                Pos++;
                SkipSpace();
                if (Pos < _s.Length && _s[Pos] == ']') { Pos++; return a; }
                while (true)
                {
                    SkipSpace();
                    a.Add(Value(depth + 1));
                    SkipSpace();
                    if (Pos < _s.Length && _s[Pos] == ',') { Pos++; continue; }
                    Expect(']');
                    return a;
                }
            }

            void Expect(char c)
            {
                if (Pos >= _s.Length || _s[Pos] != c) throw new JsonException("Expected '" + c + "'", Pos);
                Pos++;
            }

            string String()
            {
                Pos++; // opening quote
                StringBuilder sb = null;
                var start = Pos;
                while (true)
                {
                    if (Pos >= _s.Length) throw new JsonException("Unterminated string", Pos);
                    var c = _s[Pos];
                    if (c == '"')
                    {
                        var tail = _s.Substring(start, Pos - start);
                        Pos++;
                        return sb == null ? tail : sb.Append(tail).ToString();
                    }
                    if (c < 0x20) throw new JsonException("Control character in string", Pos);
                    if (c != '\\') { Pos++; continue; }
                    if (sb == null) sb = new StringBuilder();
                    sb.Append(_s, start, Pos - start);
                    Pos++;
                    if (Pos >= _s.Length) throw new JsonException("Unterminated escape", Pos);
                    var e = _s[Pos++];
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (Pos + 4 > _s.Length) throw new JsonException("Short \\u escape", Pos);
                            int code;
                            if (!int.TryParse(_s.Substring(Pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out code))
                                throw new JsonException("Bad \\u escape", Pos);
                            sb.Append((char)code);
                            Pos += 4;
                            break;
                        default: throw new JsonException("Bad escape '\\" + e + "'", Pos - 1);
                    }
                    start = Pos;
                }
            }

            double Number()
            {
                var start = Pos;
                if (_s[Pos] == '-') Pos++;
                if (Pos >= _s.Length) throw new JsonException("Bad number", start);
                if (_s[Pos] == '0') Pos++;
                else if (_s[Pos] >= '1' && _s[Pos] <= '9') Digits();
                else throw new JsonException("Bad number", start);
                if (Pos < _s.Length && _s[Pos] == '.') { Pos++; if (!Digits()) throw new JsonException("Bad fraction", start); }
                if (Pos < _s.Length && (_s[Pos] == 'e' || _s[Pos] == 'E'))
                {
                    Pos++;
                    if (Pos < _s.Length && (_s[Pos] == '+' || _s[Pos] == '-')) Pos++;
                    if (!Digits()) throw new JsonException("Bad exponent", start);
                }
                double d;
                // .NET Framework's double.Parse throws on overflow ("1e400"); TryParse fails instead: either way a JsonException.
                if (!double.TryParse(_s.Substring(start, Pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out d) || double.IsInfinity(d))
                    throw new JsonException("Number out of range", start);
                return d;
            }

            bool Digits()
            {
                var start = Pos;
                while (Pos < _s.Length && _s[Pos] >= '0' && _s[Pos] <= '9') Pos++;
                return Pos > start;
            }
        }
    }

    /// <summary>Appends JSON to a StringBuilder. Commas are the caller's: Key() and Item() write them.</summary>
    public sealed class JsonWriter
    {
        readonly StringBuilder _sb;
        // One flag per open container: true until its first member is written.
        readonly Stack<bool> _first = new Stack<bool>();

        public JsonWriter(StringBuilder sb) { _sb = sb; }
        public JsonWriter() : this(new StringBuilder(256)) { }

        public override string ToString() { return _sb.ToString(); }

        public JsonWriter BeginObject() { Comma(); _sb.Append('{'); _first.Push(true); return this; }
        public JsonWriter EndObject() { _first.Pop(); _sb.Append('}'); return this; }
        public JsonWriter BeginArray() { Comma(); _sb.Append('['); _first.Push(true); return this; }
        public JsonWriter EndArray() { _first.Pop(); _sb.Append(']'); return this; }

        /// <summary>Writes "key": — the next call writes its value.</summary>
        public JsonWriter Key(string key)
        {
            Comma();
            WriteString(_sb, key);
            _sb.Append(':');
            _pendingValue = true;
            return this;
        }

        bool _pendingValue;

        void Comma()
        {
            if (_pendingValue) { _pendingValue = false; return; }
            if (_first.Count == 0) return;
            if (_first.Peek()) { _first.Pop(); _first.Push(false); }
            else _sb.Append(',');
        }

        public JsonWriter Value(string s) { Comma(); if (s == null) _sb.Append("null"); else WriteString(_sb, s); return this; }
        public JsonWriter Value(bool b) { Comma(); _sb.Append(b ? "true" : "false"); return this; }
        public JsonWriter Value(long n) { Comma(); _sb.Append(n.ToString(CultureInfo.InvariantCulture)); return this; }
        public JsonWriter Null() { Comma(); _sb.Append("null"); return this; }

        /// <summary>NaN and infinities are not JSON: they are written as null ("not sampled").</summary>
        public JsonWriter Value(double d)
        {
            Comma();
            if (double.IsNaN(d) || double.IsInfinity(d)) _sb.Append("null");
            else _sb.Append(d.ToString("R", CultureInfo.InvariantCulture));
            return this;
        }

        /// <summary>Writes any value the reader produces (dictionaries, lists, strings, numbers, bools, null).</summary>
        public JsonWriter Any(object v)
        {
            if (v == null) return Null();
            var s = v as string; if (s != null) return Value(s);
            if (v is bool) return Value((bool)v);
            if (v is double) return Value((double)v);
            if (v is float) return Value((double)(float)v);
            if (v is int) return Value((long)(int)v);
            if (v is long) return Value((long)v);
            var dict = v as IDictionary<string, object>;
            if (dict != null)
            {
                BeginObject();
                foreach (var kv in dict) { Key(kv.Key); Any(kv.Value); }
                return EndObject();
            }
            var list = v as System.Collections.IEnumerable;
            if (list != null)
            {
                BeginArray();
                foreach (var item in list) Any(item);
                return EndArray();
            }
            return Value(Convert.ToString(v, CultureInfo.InvariantCulture));
        }

        public static void WriteString(StringBuilder sb, string s)
        {
            sb.Append('"');
            foreach (var c in s)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        // Control characters and lone surrogates must be escaped; the rest goes as is (UTF-8 on the wire).
                        if (c < 0x20 || (char.IsSurrogate(c))) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
        }
    }
}
