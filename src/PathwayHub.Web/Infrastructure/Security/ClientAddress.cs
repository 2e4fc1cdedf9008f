using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace PathwayHub.Web.Infrastructure.Security;

/// <summary>
/// The client address of this scope, as the rate limits partition on it: set from the connection for each HTTP request
/// (after the forwarded headers of a known proxy are applied) and, for a circuit, once from the hub connection that opened it.
/// </summary>
public sealed class ClientAddress
{
    public const string Unknown = "unknown";

    public string Key { get; private set; } = Unknown;

    public void Set(IPAddress? address) => Key = KeyOf(address);

    /// <summary>
    /// An IPv4 address as it is; an IPv6 address by its /64 prefix, since one subscriber is given a whole /64 and could
    /// otherwise send each request from a new address. No address (in-process test hosts) shares one partition.
    /// </summary>
    public static string KeyOf(IPAddress? address)
    {
        if (address is null) return Unknown;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

/// <summary>
/// A circuit's events arrive over its hub connection, whose HTTP request went through the forwarded-headers middleware:
/// its address is the client's for as long as the circuit lives.
/// </summary>
internal sealed class ClientAddressCircuitHandler(IHttpContextAccessor http, ClientAddress address) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        address.Set(http.HttpContext?.Connection.RemoteIpAddress);
        return Task.CompletedTask;
    }
}
