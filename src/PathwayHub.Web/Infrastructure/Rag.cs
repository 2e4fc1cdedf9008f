namespace PathwayHub.Web.Infrastructure;

/// <summary>
/// Red, amber, green: how a Delivery Plan action or an agreement's performance return is doing. Complete is for plan actions
/// only (a performance return is never complete). Stored by name, so the order of the values does not matter.
/// </summary>
public enum Rag { Red, Amber, Green, Complete }
