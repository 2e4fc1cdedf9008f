namespace PathwayHub.Web.Features.Commissioning;

public sealed class OcdsService;
