namespace VecFlow.Vector.Kernels;

/// <summary>What a compiled LIKE pattern reduces to; every shape but <see cref="General"/> is one SIMD span search.</summary>
public enum LikeShape
{
    /// <summary>No wildcards: 'abc'.</summary>
    Exact,

    /// <summary>'abc%'.</summary>
    Prefix,

    /// <summary>'%abc'.</summary>
    Suffix,

    /// <summary>'%abc%', and '%' alone (the empty needle).</summary>
    Contains,

    /// <summary>'abc%xyz'.</summary>
    PrefixSuffix,

    /// <summary>Anything with '_' or more than one literal part between '%'s: the wildcard matcher.</summary>
    General,
}
