namespace TraceBackend.Cql.Tests.Support;

/// <summary>Every test runs under a token that cancels after at most 20 seconds, so nothing can hang.</summary>
internal static class TestTimeout
{
    public static CancellationTokenSource Start(int seconds = 20)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(TimeSpan.FromSeconds(seconds));
        return source;
    }

    /// <summary>Polls <paramref name="condition"/> every 10 ms until it holds; throws when the token cancels first.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(10, ct);
        }
    }
}
