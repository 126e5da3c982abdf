using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EdgeOracle.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace EdgeOracle.Gateway.Anchoring;

/// <summary><c>GET /api/proofs/{device}/{sequence}</c>: the Merkle proof of a stored reading.</summary>
public static class AnchoringApi
{
    /// <summary>Maps the proof endpoint.</summary>
    public static IEndpointRouteBuilder MapAnchoringApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/proofs/{device}/{sequence}", GetProofAsync);
        return endpoints;
    }

    private static async Task<Results<Ok<ReadingProof>, NotFound<string>, BadRequest<string>>> GetProofAsync(
        string device, ulong sequence, AnchorStore store, IOptions<AnchoringOptions> options, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return TypedResults.NotFound("anchoring is disabled (Anchoring:ContractAddress is not set)");
        }

        if (!Address.TryParse(device, out var address))
        {
            return TypedResults.BadRequest("device must be a 0x-prefixed 20-byte address");
        }

        var found = await store.GetProofAsync(address, sequence, cancellationToken).ConfigureAwait(false);
        if (found is not { } proof)
        {
            return TypedResults.NotFound($"{address} #{sequence} is not stored or not in an anchor batch yet");
        }

        return TypedResults.Ok(new ReadingProof(
            address.ToString(),
            sequence,
            proof.Leaf.ToString(),
            proof.LeafIndex,
            proof.Proof.Select(p => p.ToString()).ToArray(),
            proof.Batch.Root.ToString(),
            proof.Batch.Count,
            proof.Batch.Status,
            proof.Batch.TransactionHash,
            proof.Batch.BlockNumber,
            options.Value.ContractAddress));
    }
}
