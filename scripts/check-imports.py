#!/usr/bin/env python3
"""Fails when two source files of one crate import each other, directly or
through a longer cycle (`crate::`, `super::` and parent-to-child paths;
comments and `#[cfg(test)] mod tests` are not counted). Usage: check-imports.py [ROOT]."""
import os,re,sys
root=sys.argv[1] if len(sys.argv)>1 else os.path.join(os.path.dirname(__file__),'..')
found=0
crates=[f'crates/{c}' for c in sorted(os.listdir(root+'/crates'))]+['bindings/python']
for crate in crates:
    src=f'{root}/{crate}/src'
    if not os.path.isdir(src): continue
    mods={}
    for dp,_,fs in os.walk(src):
        for f in fs:
            if not f.endswith('.rs'): continue
            p=os.path.join(dp,f); rel=os.path.relpath(p,src)[:-3]
            parts=rel.split('/')
            if parts[-1] in('mod','lib','main'): parts=parts[:-1]
            code=open(p).read()
            code=re.sub(r'#\[cfg\(test\)\]\s*(pub(\(\w+\))? )?mod tests\s*(\{.*|;)','',code,flags=re.S)
            code=re.sub(r'//.*','',code)
            mods[tuple(parts)]=code
    edges={m:set() for m in mods}
    def resolve(m,path):
        # path list starting with crate/super/self/name
        cur=list(m)
        if path[0]=='crate': cur=[]; path=path[1:]
        else:
            while path and path[0]=='super': cur=cur[:-1]; path=path[1:]
            if path and path[0]=='self': path=path[1:]
        full=cur+path
        for k in range(len(full),-1,-1):
            if tuple(full[:k]) in mods: return tuple(full[:k])
    for m,s in mods.items():
        for t in re.findall(r'\b((?:crate|super)(?:::\w+)+)',s) + re.findall(r'\b((?:crate|super)(?:::\w+)*)::\{',s):
            r=resolve(m,t.split('::'))
            if r is not None and r!=m: edges[m].add(r)
        for child in [c for c in mods if len(c)==len(m)+1 and c[:len(m)]==m]:
            if re.search(r'(?<![:\w])'+child[-1]+r'::',s): edges[m].add(child)
    idx={};low={};st=[];on=set();res=[];i=[0]
    sys.setrecursionlimit(10000)
    def sc(v):
        idx[v]=low[v]=i[0];i[0]+=1;st.append(v);on.add(v)
        for w in edges[v]:
            if w not in idx: sc(w);low[v]=min(low[v],low[w])
            elif w in on: low[v]=min(low[v],idx[w])
        if low[v]==idx[v]:
            comp=[]
            while True:
                w=st.pop();on.discard(w);comp.append(w)
                if w==v:break
            if len(comp)>1: res.append(comp)
    for v in edges:
        if v not in idx: sc(v)
    for c in res:
        found+=1
        print(f"{crate}: these files import each other: {', '.join(sorted('::'.join(x) or 'lib' for x in c))}")
sys.exit(1 if found else 0)
