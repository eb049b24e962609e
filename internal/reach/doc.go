// Package reach finds what a set of nodes reaches along directed edges
// given as columns of int32 node indexes: the one walk behind the
// designated cone (exposure.Options.Cone) and the snapshot cache's cone
// read (snapcache.Cache.StreamCone), linear in nodes and edges.
package reach
