namespace TraceBackend.LoadGen.Generation;

/// <summary>A HotROD demo customer: id, name and pickup location ("x,y").</summary>
internal sealed record HotRodCustomer(int Id, string Name, string Location)
{
    /// <summary>The four customers of the HotROD UI.</summary>
    public static IReadOnlyList<HotRodCustomer> All { get; } =
    [
        new(123, "Rachel's Floral Designs", "115,277"),
        new(567, "Amazing Coffee Roasters", "211,653"),
        new(392, "Trom Chocolatier", "577,322"),
        new(731, "Japanese Desserts", "728,326"),
    ];
}
