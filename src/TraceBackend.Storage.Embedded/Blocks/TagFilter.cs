using System.Buffers;
using System.Globalization;
using Parquet;
using TraceBackend.Model;

namespace TraceBackend.Storage.Embedded.Blocks;

/// <summary>
/// The tag conditions of a <see cref="TraceQuery"/> evaluated on the columns of a row group, without materializing
/// spans, with exactly the rules of <see cref="SpanMatcher"/>: a condition holds for a span when its attributes, its
/// resource's attributes or one of its events' attributes have the key with a value whose string form equals the
/// value (<see cref="TagCondition.Matches"/>), when the key is <c>event</c> and an event has that name, or when a tag
/// synthesized from dedicated columns matches (<c>error</c>, <c>span.kind</c>, <c>otel.status_code</c>,
/// <c>otel.status_description</c>, <c>otel.scope.*</c> / <c>otel.library.*</c>, <c>w3c.tracestate</c>).
/// Reads a list's value columns only when one of its keys names a condition on a candidate row. Immutable once built;
/// safe to share between concurrent row-group evaluations.
/// </summary>
internal sealed class TagFilter
{
    private const string EventKey = "event";

    private readonly TagCondition[] _tags;
    private readonly bool _eventNames;
    private readonly bool _statusCode;
    private readonly bool _kind;
    private readonly bool _statusMessage;
    private readonly bool _scopeName;
    private readonly bool _scopeVersion;
    private readonly bool _traceState;
    private readonly ValueColumns _valueColumns;

    public TagFilter(IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        _tags = [.. attributes.Select(static kv => new TagCondition(kv.Key, kv.Value))];
        foreach (var tag in _tags)
        {
            _valueColumns |= PossibleTypes(tag.Value);
            switch (tag.Key)
            {
                case EventKey: _eventNames = true; break;
                case "error" or "otel.status_code": _statusCode = true; break;
                case "span.kind": _kind = true; break;
                case "otel.status_description": _statusMessage = true; break;
                case "otel.scope.name" or "otel.library.name": _scopeName = true; break;
                case "otel.scope.version" or "otel.library.version": _scopeVersion = true; break;
                case "w3c.tracestate": _traceState = true; break;
            }
        }
    }

    /// <summary>Value columns of an attribute list that may hold a value whose string form is a condition's value.</summary>
    [Flags]
    private enum ValueColumns
    {
        None = 0,
        String = 1,
        Int = 2,
        Double = 4,
        Bool = 8,
        Bytes = 16,
        Complex = 32,
        All = String | Int | Double | Bool | Bytes | Complex,
    }

    /// <summary>
    /// Which typed values can have <paramref name="value"/> as string form (<see cref="AttributeValue.ToString"/>):
    /// an int only its canonical decimal form, a bool <c>true</c>/<c>false</c>, a double the round-trip form of
    /// itself, bytes canonical base64, arrays and maps JSON (<c>[</c>… / <c>{</c>…). The empty value's form is the
    /// empty string, so "" needs every column (an entry is empty only when none is set). Columns that cannot match
    /// are not read.
    /// </summary>
    private static ValueColumns PossibleTypes(string value)
    {
        if (value.Length == 0)
        {
            return ValueColumns.All;
        }

        var types = ValueColumns.String;
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n.ToString(CultureInfo.InvariantCulture) == value)
        {
            types |= ValueColumns.Int;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && AttributeValue.FormatDouble(d) == value)
        {
            types |= ValueColumns.Double;
        }

        if (value is "true" or "false")
        {
            types |= ValueColumns.Bool;
        }

        if (value.Length % 4 == 0 && IsCanonicalBase64(value))
        {
            types |= ValueColumns.Bytes;
        }

        if (value[0] is '[' or '{')
        {
            types |= ValueColumns.Complex;
        }

        return types;
    }

    private static bool IsCanonicalBase64(string value)
    {
        var buffer = new byte[value.Length / 4 * 3];
        return Convert.TryFromBase64String(value, buffer, out var written) && Convert.ToBase64String(buffer, 0, written) == value;
    }

    /// <summary>True when the query has no tag condition (every row passes).</summary>
    public bool IsEmpty => _tags.Length == 0;

    /// <summary>
    /// Clears <c>candidates[r]</c> for every row of <paramref name="rowGroup"/> that fails a condition; returns how
    /// many candidates remain. <paramref name="candidates"/> has at least the row group's row count entries.
    /// </summary>
    public async ValueTask<int> ApplyAsync(ParquetRowGroupReader rowGroup, bool[] candidates, CancellationToken cancellationToken)
    {
        var rowCount = checked((int)rowGroup.RowCount);
        if (_tags.Length == 0)
        {
            return candidates.AsSpan(0, rowCount).Count(true);
        }

        var matched = new bool[_tags.Length][];
        var pooled = ArrayPool<bool>.Shared;
        for (var t = 0; t < matched.Length; t++)
        {
            matched[t] = pooled.Rent(rowCount);
            Array.Clear(matched[t], 0, rowCount);
        }

        try
        {
            await MatchSynthesizedAsync(rowGroup, rowCount, candidates, matched, cancellationToken).ConfigureAwait(false);
            await MatchAttributesAsync(rowGroup, rowCount, BlockSchema.Attributes, candidates, matched, cancellationToken).ConfigureAwait(false);
            await MatchAttributesAsync(rowGroup, rowCount, BlockSchema.ResourceAttributes, candidates, matched, cancellationToken).ConfigureAwait(false);
            await MatchAttributesAsync(rowGroup, rowCount, BlockSchema.EventAttributes, candidates, matched, cancellationToken).ConfigureAwait(false);
            if (_eventNames)
            {
                await MatchEventNamesAsync(rowGroup, rowCount, candidates, matched, cancellationToken).ConfigureAwait(false);
            }

            var remaining = 0;
            for (var r = 0; r < rowCount; r++)
            {
                if (!candidates[r])
                {
                    continue;
                }

                foreach (var m in matched)
                {
                    if (!m[r])
                    {
                        candidates[r] = false;
                        break;
                    }
                }

                if (candidates[r])
                {
                    remaining++;
                }
            }

            return remaining;
        }
        finally
        {
            foreach (var m in matched)
            {
                pooled.Return(m);
            }
        }
    }

    private async ValueTask MatchSynthesizedAsync(ParquetRowGroupReader rowGroup, int rowCount, bool[] candidates, bool[][] matched, CancellationToken cancellationToken)
    {
        if (!(_statusCode || _kind || _statusMessage || _scopeName || _scopeVersion || _traceState))
        {
            return;
        }

        using var statusCode = _statusCode ? await Flat<int>(rowGroup, BlockSchema.StatusCode, rowCount, cancellationToken).ConfigureAwait(false) : null;
        using var kind = _kind ? await Flat<int>(rowGroup, BlockSchema.Kind, rowCount, cancellationToken).ConfigureAwait(false) : null;
        using var statusMessage = _statusMessage ? await Flat<ReadOnlyMemory<char>>(rowGroup, BlockSchema.StatusMessage, rowCount, cancellationToken).ConfigureAwait(false) : null;
        using var scopeName = _scopeName ? await Flat<ReadOnlyMemory<char>>(rowGroup, BlockSchema.ScopeName, rowCount, cancellationToken).ConfigureAwait(false) : null;
        using var scopeVersion = _scopeVersion ? await Flat<ReadOnlyMemory<char>>(rowGroup, BlockSchema.ScopeVersion, rowCount, cancellationToken).ConfigureAwait(false) : null;
        using var traceState = _traceState ? await Flat<ReadOnlyMemory<char>>(rowGroup, BlockSchema.TraceState, rowCount, cancellationToken).ConfigureAwait(false) : null;
        for (var t = 0; t < _tags.Length; t++)
        {
            var tag = _tags[t];
            var m = matched[t];
            for (var r = 0; r < rowCount; r++)
            {
                if (!candidates[r])
                {
                    continue;
                }

                // The rules of SpanMatcher's synthesized tags, on the dedicated columns.
                var value = tag.Value;
                m[r] |= tag.Key switch
                {
                    "error" => statusCode!.Values[r] == (int)StatusCode.Error && value == "true",
                    "span.kind" => kind!.Values[r] != (int)SpanKind.Unspecified && SpanKindNames.ToJaeger((SpanKind)kind.Values[r]) == value,
                    "otel.status_code" => statusCode!.Values[r] switch
                    {
                        (int)StatusCode.Ok => value == "OK",
                        (int)StatusCode.Error => value == "ERROR",
                        _ => false,
                    },
                    "otel.status_description" => NonEmptyEquals(statusMessage!.Values[r].Span, value),
                    "otel.scope.name" or "otel.library.name" => NonEmptyEquals(scopeName!.Values[r].Span, value),
                    "otel.scope.version" or "otel.library.version" => NonEmptyEquals(scopeVersion!.Values[r].Span, value),
                    "w3c.tracestate" => NonEmptyEquals(traceState!.Values[r].Span, value),
                    _ => false,
                };
            }
        }
    }

    private static bool NonEmptyEquals(ReadOnlySpan<char> column, string value) => column.Length > 0 && column.SequenceEqual(value);

    private static async ValueTask<LeafColumn<T>> Flat<T>(ParquetRowGroupReader rowGroup, Parquet.Schema.DataField field, int rowCount, CancellationToken cancellationToken)
        where T : struct
    {
        var leaf = await LeafColumn<T>.ReadAsync(rowGroup, field, cancellationToken).ConfigureAwait(false);
        if (leaf.LevelCount != rowCount)
        {
            leaf.Dispose();
            throw new InvalidDataException($"column '{field.Path}' has {leaf.LevelCount} values in a row group of {rowCount} rows");
        }

        return leaf;
    }

    /// <summary>
    /// Marks the conditions that one attribute list (span, resource or event attributes) satisfies, row by row. Rows
    /// start where the repetition level is 0; an entry exists where the key is defined.
    /// </summary>
    private async ValueTask MatchAttributesAsync(ParquetRowGroupReader rowGroup, int rowCount, BlockSchema.AttributeFields fields, bool[] candidates, bool[][] matched, CancellationToken cancellationToken)
    {
        using var keys = await LeafColumn<ReadOnlyMemory<char>>.ReadAsync(rowGroup, fields.Key, cancellationToken).ConfigureAwait(false);
        if (!AnyKeyWanted(keys, rowCount, candidates, matched))
        {
            return;
        }

        // Columns of types no condition value can be the string form of stay unread: their entries then look empty,
        // and the empty value matches only "" (which reads every column).
        using var strings = await Nested<ReadOnlyMemory<char>>(rowGroup, fields.String, ValueColumns.String, keys, cancellationToken).ConfigureAwait(false);
        using var ints = await Nested<long>(rowGroup, fields.Int, ValueColumns.Int, keys, cancellationToken).ConfigureAwait(false);
        using var doubles = await Nested<double>(rowGroup, fields.Double, ValueColumns.Double, keys, cancellationToken).ConfigureAwait(false);
        using var bools = await Nested<bool>(rowGroup, fields.Bool, ValueColumns.Bool, keys, cancellationToken).ConfigureAwait(false);
        using var bytes = await Nested<ReadOnlyMemory<byte>>(rowGroup, fields.Bytes, ValueColumns.Bytes, keys, cancellationToken).ConfigureAwait(false);
        using var complex = await Nested<ReadOnlyMemory<byte>>(rowGroup, fields.Complex, ValueColumns.Complex, keys, cancellationToken).ConfigureAwait(false);

        var repetitions = keys.Repetitions;
        var keyDefinitions = keys.Definitions;
        var keyMax = keys.MaxDefinition;
        var keyValues = keys.Values;
        int ki = 0, si = 0, ii = 0, di = 0, bi = 0, yi = 0, ci = 0;
        var row = -1;
        for (var p = 0; p < keys.LevelCount; p++)
        {
            if (repetitions[p] == 0 && ++row >= rowCount)
            {
                throw TooManyRows(rowCount);
            }

            if (keyDefinitions[p] != keyMax)
            {
                continue; // an empty list (or no event): no value column is defined here either
            }

            var key = keyValues[ki++].Span;
            var kind = AttributeType.Empty;
            var index = 0;
            var found = 0;
            Advance(strings, p, ref si, AttributeType.String, ref kind, ref index, ref found);
            Advance(ints, p, ref ii, AttributeType.Int, ref kind, ref index, ref found);
            Advance(doubles, p, ref di, AttributeType.Double, ref kind, ref index, ref found);
            Advance(bools, p, ref bi, AttributeType.Bool, ref kind, ref index, ref found);
            Advance(bytes, p, ref yi, AttributeType.Bytes, ref kind, ref index, ref found);
            Advance(complex, p, ref ci, AttributeType.Array, ref kind, ref index, ref found);
            if (found > 1)
            {
                throw new InvalidDataException($"an entry of '{fields.List.Name}' has more than one value column set");
            }

            if (!candidates[row])
            {
                continue;
            }

            for (var t = 0; t < _tags.Length; t++)
            {
                if (matched[t][row] || !key.SequenceEqual(_tags[t].Key))
                {
                    continue;
                }

                var tag = _tags[t];
                matched[t][row] = kind switch
                {
                    AttributeType.String => strings!.Values[index].Span.SequenceEqual(tag.Value),
                    AttributeType.Int => tag.Matches(AttributeValue.Int(ints!.Values[index])),
                    AttributeType.Double => tag.Matches(AttributeValue.Double(doubles!.Values[index])),
                    AttributeType.Bool => tag.Matches(AttributeValue.Bool(bools!.Values[index])),
                    AttributeType.Bytes => tag.Matches(AttributeValue.Bytes(bytes!.Values[index].ToArray())),
                    AttributeType.Array => tag.Matches(AnyValueCodec.Decode(complex!.Values[index].Span)),
                    _ => tag.Matches(AttributeValue.Empty),
                };
            }
        }
    }

    private static InvalidDataException TooManyRows(int rowCount) =>
        new($"a list column has more rows than its row group's {rowCount}");

    private static void Advance<T>(LeafColumn<T>? leaf, int p, ref int valueIndex, AttributeType type, ref AttributeType kind, ref int index, ref int found)
        where T : struct
    {
        if (leaf is not null && leaf.Definitions[p] == leaf.MaxDefinition)
        {
            kind = type;
            index = valueIndex++;
            found++;
        }
    }

    private bool AnyKeyWanted(LeafColumn<ReadOnlyMemory<char>> keys, int rowCount, bool[] candidates, bool[][] matched)
    {
        var repetitions = keys.Repetitions;
        var definitions = keys.Definitions;
        var keyMax = keys.MaxDefinition;
        var values = keys.Values;
        var ki = 0;
        var row = -1;
        for (var p = 0; p < keys.LevelCount; p++)
        {
            if (repetitions[p] == 0 && ++row >= rowCount)
            {
                throw TooManyRows(rowCount);
            }

            if (definitions[p] != keyMax)
            {
                continue;
            }

            var key = values[ki++].Span;
            if (!candidates[row])
            {
                continue;
            }

            for (var t = 0; t < _tags.Length; t++)
            {
                if (!matched[t][row] && key.SequenceEqual(_tags[t].Key))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private async ValueTask<LeafColumn<T>?> Nested<T>(ParquetRowGroupReader rowGroup, Parquet.Schema.DataField field, ValueColumns type, LeafColumn<ReadOnlyMemory<char>> keys, CancellationToken cancellationToken)
        where T : struct
    {
        if ((_valueColumns & type) == 0)
        {
            return null;
        }

        var leaf = await LeafColumn<T>.ReadAsync(rowGroup, field, cancellationToken).ConfigureAwait(false);
        if (leaf.LevelCount != keys.LevelCount)
        {
            leaf.Dispose();
            throw new InvalidDataException($"column '{field.Path}' has {leaf.LevelCount} levels; its list's key column has {keys.LevelCount}");
        }

        return leaf;
    }

    /// <summary>Marks <c>event</c> conditions satisfied by an event's name.</summary>
    private async ValueTask MatchEventNamesAsync(ParquetRowGroupReader rowGroup, int rowCount, bool[] candidates, bool[][] matched, CancellationToken cancellationToken)
    {
        using var names = await LeafColumn<ReadOnlyMemory<char>>.ReadAsync(rowGroup, BlockSchema.EventName, cancellationToken).ConfigureAwait(false);
        var repetitions = names.Repetitions;
        var definitions = names.Definitions;
        var max = names.MaxDefinition;
        var values = names.Values;
        var vi = 0;
        var row = -1;
        for (var p = 0; p < names.LevelCount; p++)
        {
            if (repetitions[p] == 0 && ++row >= rowCount)
            {
                throw TooManyRows(rowCount);
            }

            if (definitions[p] != max)
            {
                continue;
            }

            var name = values[vi++].Span;
            if (!candidates[row])
            {
                continue;
            }

            for (var t = 0; t < _tags.Length; t++)
            {
                if (_tags[t].Key == EventKey && name.SequenceEqual(_tags[t].Value))
                {
                    matched[t][row] = true;
                }
            }
        }
    }
}
